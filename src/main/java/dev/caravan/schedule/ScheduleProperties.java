package dev.caravan.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of workflow schedules ({@code caravan.schedules.*}).
 *
 * @param misfireThreshold how late a fire may be, while Caravan runs, and still fire (Quartz's
 *                         misfire threshold): a fire later than this (every Quartz thread busy, the
 *                         database away) is dropped. Fires missed while every node was down are
 *                         the workflow's {@code catchup:} policy's, at start-up
 * @param sweep how often queued scheduled runs and backfill runs are looked at, to start those whose
 *              turn has come on any node; on this node a run's end starts the next one at once
 */
@ConfigurationProperties("caravan.schedules")
public record ScheduleProperties(
        @DefaultValue("60s") Duration misfireThreshold,
        @DefaultValue("5s") Duration sweep) {
}
