package dev.caravan.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Errors answered in front of the API as problems too, not as Tomcat's HTML page, Spring Boot's
 * JSON error or an empty body: what Tomcat refuses itself ({@link ProblemReportValve}), what Spring
 * Security's firewall refuses (below), and whatever reaches Spring's error page ({@link ErrorPageAsProblem}).
 */
@Configuration(proxyBeanMethods = false)
class FrontErrorsAsProblems {

    private static final Logger LOG = LoggerFactory.getLogger(FrontErrorsAsProblems.class);
    /** The methods Spring Security's firewall lets through (StrictHttpFirewall's defaults). */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** The part of a firewall message that says nothing. */
    private static final String REJECTED = "The request was rejected because ";

    /**
     * Puts {@link ProblemReportValve} on Tomcat's host in place of its error report valve. The host
     * adds its own one at start unless a valve of the class it is told to use is there already.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(ServerProperties server) {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.getPipeline().addValve(new ProblemReportValve(server.getMaxHttpRequestHeaderSize()));
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** The events socket's handshake: its query checked before Tomcat fails on it (see {@link QueryEncodingCheck}). */
    @Bean
    FilterRegistrationBean<QueryEncodingCheck> eventSocketQueryCheck() {
        FilterRegistrationBean<QueryEncodingCheck> registration = new FilterRegistrationBean<>(new QueryEncodingCheck());
        registration.addUrlPatterns("/ws/*");
        return registration;
    }

    /**
     * A request Spring Security's firewall refuses (a {@code ;} in the path, a method it does not
     * know, ...) is answered here and now: sent on to the error page, as by default, a method it
     * refuses would be refused there again, and the answer left empty.
     */
    @Bean
    RequestRejectedHandler firewallRejectionsAsProblems() {
        return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected) -> {
            String path = path(request);
            LOG.debug("Refused {} {}: {}", request.getMethod(), path, rejected.getMessage());
            if (response.isCommitted()) {
                return;
            }
            response.resetBuffer();
            if (!METHODS.contains(request.getMethod())) {
                response.setHeader("Allow", String.join(", ", METHODS));
                HttpProblems.write(response, 405, abbreviated(request.getMethod()) + " is not an HTTP method Caravan takes: "
                        + "it takes " + String.join(", ", METHODS), path);
                return;
            }
            HttpProblems.write(response, 400, "the request was refused: " + reason(rejected), path);
        };
    }

    /** The path the client asked for, also when the firewall refuses the error page Tomcat sent the request on to. */
    private static String path(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
                ? original : request.getRequestURI();
    }

    /** The firewall's message, which says what it found ("the URL contained a potentially malicious String ";""). */
    private static String reason(RequestRejectedException rejected) {
        String message = String.valueOf(rejected.getMessage());
        if (message.startsWith(REJECTED)) {
            message = message.substring(REJECTED.length());
        }
        return abbreviated(message);
    }

    /** Parts of the request the firewall quotes back are the client's text, of any length. */
    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
