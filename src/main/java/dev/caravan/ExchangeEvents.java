package dev.caravan;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns Camel's per-exchange events off once the context has started, since nothing listens to them.
 * While one registered event notifier does not say it ignores exchange events, Camel builds an
 * event for every exchange created, sent to an endpoint and completed, and offers it to each
 * notifier: about a dozen per agent step, each thrown away (bench/run --profile). The two notifiers
 * registered here want none of them:
 *
 * <ul>
 *   <li>Camel Spring Boot's own, which waits for the context's start to call each
 *       {@link CamelContextConfiguration#afterApplicationStart}: its work is done by the time this
 *       runs (from that very call), so it is removed;</li>
 *   <li>Micrometer's route event notifier ({@code camel.metrics.enable-route-event-notifier}),
 *       which counts routes added and started: it is told to ignore exchange events.</li>
 * </ul>
 *
 * A notifier added later that wants exchange events turns them back on (Camel's
 * {@code addEventNotifier} does).
 */
@Component
class ExchangeEvents implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeEvents.class);
    /** The anonymous notifier Camel Spring Boot registers for the context's start. */
    private static final String SPRING_BOOT_START_NOTIFIER = "org.apache.camel.spring.boot.CamelSpringBootApplicationListener$";

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // the start notifier is still needed until the context has started
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        ManagementStrategy management = camel.getManagementStrategy();
        for (EventNotifier notifier : management.getEventNotifiers()) {
            if (notifier.getClass().getName().startsWith(SPRING_BOOT_START_NOTIFIER)) {
                // the notifier lists are copied on write: removing it from within its own call is safe
                management.removeEventNotifier(notifier);
            } else if (notifier instanceof MicrometerRouteEventNotifier routes) {
                routes.setIgnoreExchangeEvents(true);
            }
        }
        boolean wanted = management.getEventNotifiers().stream()
                .anyMatch(notifier -> !notifier.isDisabled() && !notifier.isIgnoreExchangeEvents());
        camel.getCamelContextExtension().setEventNotificationApplicable(wanted);
        LOG.debug("Exchange events {}: notifiers {}", wanted ? "on" : "off", management.getEventNotifiers());
    }
}
