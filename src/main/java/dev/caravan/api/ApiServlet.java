package dev.caravan.api;

import java.net.URI;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.component.servlet.ServletComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The REST API (routes/rest.yaml) is Camel's servlet under {@code /api}: each request is answered
 * on its own (virtual) thread, a {@code "wait": true} one included, with neither Spring MVC's
 * dispatch nor the asynchronous second pass that platform-http cost every request (about 10% of
 * the CPU under API load, docs/performance.md).
 *
 * <p>Camel finds a servlet's routes by the servlet's name in a registry shared by the whole JVM,
 * so each application context names its servlet apart: tests keep several contexts in one JVM.
 */
@Configuration(proxyBeanMethods = false)
class ApiServlet {

    private final String name = "caravan-api-" + UUID.randomUUID();

    @Bean
    ServletRegistrationBean<CamelHttpTransportServlet> caravanApiServlet() {
        ServletRegistrationBean<CamelHttpTransportServlet> registration =
                new ServletRegistrationBean<>(new ApiTransportServlet(), "/api/*");
        registration.setName(name);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * What the servlet answers on its own, before any route (no operation at that path, a method
     * the path does not take), is a problem too, not the container's error page.
     */
    @Bean
    FilterRegistrationBean<ServletErrorsAsProblems> caravanApiServletErrors() {
        FilterRegistrationBean<ServletErrorsAsProblems> registration =
                new FilterRegistrationBean<>(new ServletErrorsAsProblems(), caravanApiServlet());
        registration.setName(name + "-errors");
        return registration;
    }

    /**
     * Request bodies are sized and inflated before Camel's servlet reads them (RequestBodies); the
     * limit is Tomcat's own for form bodies (server.tomcat.max-http-form-post-size), 2 MB.
     */
    @Bean
    FilterRegistrationBean<RequestBodies> caravanApiRequestBodies(
            @Value("${caravan.api.max-body-size:2MB}") DataSize limit) {
        FilterRegistrationBean<RequestBodies> registration =
                new FilterRegistrationBean<>(new RequestBodies(limit), caravanApiServlet());
        registration.setName(name + "-bodies");
        return registration;
    }

    /**
     * The servlet component's endpoints (the REST API's) register with this context's servlet. The
     * OpenAPI document's server is where agents reach this Caravan ({@code caravan.public-url}),
     * else this node on its configured port: Camel would otherwise name the address it binds, 0.0.0.0.
     */
    @Bean
    CamelContextConfiguration caravanApiServletName(Environment environment) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.getComponent("servlet", ServletComponent.class).setServletName(name);
                URI server = URI.create(environment.getProperty("caravan.public-url", "").isBlank()
                        ? "http://127.0.0.1:" + environment.getProperty("server.port", "3020")
                        : environment.getProperty("caravan.public-url"));
                camel.getRestConfiguration().setApiHost(server.getAuthority());
                camel.getRestConfiguration().getApiProperties().put("schemes", server.getScheme());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing more
            }
        };
    }
}
