package dev.caravan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A view knows its leader once started, so that whoever listens from then on (Camel's
 * ClusteredRoutePolicy, while the first trigger route is being added) is told at once, and not
 * by a later event that could come while the route cannot yet be started.
 */
class LeaderViewTest {

    @Test
    void aListenerAddedRightAfterTheStartIsToldThatThisNodeLeads() throws Exception {
        LeaderLeases leases = new LeaderLeases(new JdbcTemplate(TestDatabases.postgres()), Clock.systemUTC());
        LeaderView view = new LeaderView(null, "caravan-triggers", leases, "node-a", Duration.ofMinutes(1),
                Clock.systemUTC());
        List<String> told = new CopyOnWriteArrayList<>();
        view.start();
        try {
            view.addEventListener((CamelClusterEventListener.Leadership) (source, leader) ->
                    told.add(leader == null ? "none" : leader.getId()));

            assertThat(told).as("told as it started listening, before any timer tick").containsExactly("node-a");
            assertThat(view.getLocalMember().isLeader()).isTrue();
        } finally {
            view.stop();
        }
    }
}
