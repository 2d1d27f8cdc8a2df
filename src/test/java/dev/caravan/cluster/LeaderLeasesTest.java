package dev.caravan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Leadership leases on both databases: one holder at a time, taken over once run out or given up. */
class LeaderLeasesTest {

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    static Stream<Arguments> databases() throws Exception {
        return Stream.of(Arguments.of("postgresql", TestDatabases.postgres()), Arguments.of("h2", TestDatabases.h2()));
    }

    private static LeaderLeases at(DataSource dataSource, Instant instant) {
        return new LeaderLeases(new JdbcTemplate(dataSource), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void oneNodeHoldsTheLeadUntilItsLeaseRunsOut(String name, DataSource dataSource) {
        assertThat(at(dataSource, NOW).hold("triggers", "node-a", LEASE)).isTrue();
        assertThat(at(dataSource, NOW.plusSeconds(1)).hold("triggers", "node-b", LEASE)).isFalse();
        assertThat(at(dataSource, NOW.plusSeconds(10)).hold("triggers", "node-a", LEASE)).as("renewed").isTrue();
        assertThat(at(dataSource, NOW.plusSeconds(20)).hold("triggers", "node-b", LEASE))
                .as("node-a's renewed lease still runs").isFalse();
        assertThat(at(dataSource, NOW.plusSeconds(20)).holder("triggers")).hasValue("node-a");
        assertThat(at(dataSource, NOW.plusSeconds(20)).hold("other-namespace", "node-b", LEASE)).isTrue();

        assertThat(at(dataSource, NOW.plusSeconds(26)).hold("triggers", "node-b", LEASE))
                .as("node-a stopped renewing").isTrue();
        assertThat(at(dataSource, NOW.plusSeconds(26)).holder("triggers")).hasValue("node-b");
        assertThat(at(dataSource, NOW.plusSeconds(27)).hold("triggers", "node-a", LEASE)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLeadGivenUpIsFreeAtOnce(String name, DataSource dataSource) {
        at(dataSource, NOW).hold("triggers", "node-a", LEASE);

        at(dataSource, NOW.plusSeconds(1)).release("triggers", "node-a");

        assertThat(at(dataSource, NOW.plusSeconds(1)).holder("triggers")).isEmpty();
        assertThat(at(dataSource, NOW.plusSeconds(1)).hold("triggers", "node-b", LEASE)).isTrue();
    }
}
