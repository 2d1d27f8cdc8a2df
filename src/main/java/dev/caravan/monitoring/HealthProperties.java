package dev.caravan.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of agent health polling ({@code caravan.health.*}). How often it runs,
 * {@code caravan.health.period} (default 10s), is the period of its timer route in
 * {@code routes/monitoring.yaml}.
 *
 * @param timeout how long one instance's {@code GET /health} may take, connection included;
 *                an instance that has not answered by then failed the check
 * @param downAfter how many checks in a row an instance must fail to be marked down, so that one
 *                  slow answer on a busy machine does not take an instance out; one good check
 *                  marks it up again
 */
@ConfigurationProperties("caravan.health")
public record HealthProperties(@DefaultValue("2s") Duration timeout, @DefaultValue("2") int downAfter) {

    public HealthProperties {
        if (downAfter < 1) {
            throw new IllegalArgumentException("caravan.health.down-after must be 1 or more, not " + downAfter);
        }
    }
}
