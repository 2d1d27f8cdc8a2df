package dev.caravan.api;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.ServletResolveConsumerStrategy;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Camel's servlet, telling the HTTP server's metric ({@code http.server.requests}) which operation
 * of the REST API a request went to. Spring learns a request's path template from its own handler
 * mappings, which never see the API's requests: every API request was counted under the URI
 * {@code UNKNOWN}. The template is known once Camel has picked the operation's consumer
 * ({@code /api/workflows/{workflowId}/cancel}), so that is where it is handed over.
 */
class ApiTransportServlet extends CamelHttpTransportServlet {

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        setServletResolveConsumerStrategy(new TemplateForMetrics(getServletResolveConsumerStrategy()));
    }

    /** Resolves as Camel does, then puts the operation's path template on the request's observation. */
    private record TemplateForMetrics(ServletResolveConsumerStrategy resolver) implements ServletResolveConsumerStrategy {

        @Override
        public HttpConsumer resolve(HttpServletRequest request, Map<String, HttpConsumer> consumers) {
            HttpConsumer consumer = resolver.resolve(request, consumers);
            if (consumer != null) {
                ServerHttpObservationFilter.findObservationContext(request).ifPresent(observation ->
                        observation.setPathPattern(request.getServletPath() + consumer.getPath()));
            }
            return consumer;
        }

        @Override
        public boolean isHttpMethodAllowed(HttpServletRequest request, String method,
                Map<String, HttpConsumer> consumers) {
            return resolver.isHttpMethodAllowed(request, method, consumers);
        }
    }
}
