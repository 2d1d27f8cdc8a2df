package dev.caravan.schedule;

import java.util.Date;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** What a schedule route does at each fire (bean {@code caravanSchedules}): hands the fire's scheduled time on. */
@Component("caravanSchedules")
public class ScheduleFires {

    /** The header camel-quartz sets to the time the trigger was due, which a late fire keeps. */
    static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";

    private final ScheduledRuns runs;

    ScheduleFires(ScheduledRuns runs) {
        this.runs = runs;
    }

    public void fire(Exchange exchange, String workflowId) {
        Date scheduled = exchange.getMessage().getHeader(SCHEDULED_FIRE_TIME, Date.class);
        runs.fire(workflowId, scheduled.toInstant());
    }
}
