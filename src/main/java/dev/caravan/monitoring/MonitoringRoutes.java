package dev.caravan.monitoring;

import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the monitoring routes of {@code routes/monitoring.yaml} once Caravan is ready. Started
 * with Camel, the first health checks would fall in the busiest seconds of start-up and could
 * find healthy agents too slow to answer.
 */
@Component
class MonitoringRoutes {

    static final String AGENT_HEALTH = "caravan.monitoring.agent-health";
    static final String SYSTEM_METRICS = "caravan.monitoring.system-metrics";

    private final CamelContext camel;

    MonitoringRoutes(CamelContext camel) {
        this.camel = camel;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() throws Exception {
        camel.getRouteController().startRoute(AGENT_HEALTH);
        camel.getRouteController().startRoute(SYSTEM_METRICS);
    }
}
