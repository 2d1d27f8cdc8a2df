package dev.caravan.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The years Quartz computes fire times in are those of the schedule's time zone. */
class FireTimesTest {

    private static final String HOURLY = "0 0 * * * ?";

    /**
     * Midnight UTC on 1 January 1970 is still 1969 in Los Angeles, where Quartz computes nothing:
     * it would have skipped to 08:00 UTC without a word, losing the fire times between.
     */
    @Test
    void theRangeIsCheckedInTheSchedulesTimeZone() {
        Instant midnightUtc = Instant.parse("1970-01-01T00:00:00Z");
        Instant morning = Instant.parse("1970-01-01T12:00:00Z");

        assertThatThrownBy(() -> FireTimes.checkComputable("America/Los_Angeles", midnightUtc, morning))
                .isInstanceOf(dev.caravan.run.InvalidRequestException.class)
                .hasMessageStartingWith("from and to must lie in the years 1970 to " + FireTimes.LAST_YEAR
                        + " of the schedule's time zone, America/Los_Angeles: no fire time is computed outside them "
                        + "(from 1970-01-01T08:00:00Z, before " + (FireTimes.LAST_YEAR + 1) + "-01-01T08:00:00Z)")
                .hasMessageEndingWith("from was 1970-01-01T00:00:00Z");
        FireTimes.checkComputable("UTC", midnightUtc, morning);
        assertThat(new FireTimes(HOURLY, "UTC", midnightUtc.minusMillis(1), morning)).first().isEqualTo(midnightUtc);
    }

    @Test
    void theLastYearIsTheLastWithFireTimes() {
        Instant lastHour = Instant.parse(FireTimes.LAST_YEAR + "-12-31T23:00:00Z");
        Instant nextYear = Instant.parse((FireTimes.LAST_YEAR + 1) + "-01-01T00:00:00Z");

        assertThat(new FireTimes(HOURLY, "UTC", lastHour.minusMillis(1), nextYear)).containsExactly(lastHour);
        assertThatThrownBy(() -> FireTimes.checkComputable("UTC", lastHour, nextYear))
                .hasMessageEndingWith("to was " + nextYear);
    }
}
