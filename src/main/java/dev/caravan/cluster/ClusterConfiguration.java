package dev.caravan.cluster;

import dev.caravan.run.RunLeases;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The cluster service Camel's {@code master:} component uses ({@code camel.component.master.service}).
 * A node's id is the one its run leases carry ({@code caravan.node-id}).
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    JdbcClusterService caravanClusterService(JdbcTemplate jdbc, Clock clock, RunLeases runLeases,
            @Value("${caravan.cluster.leader-lease:15s}") Duration lease) {
        return new JdbcClusterService(new LeaderLeases(jdbc, clock), runLeases.nodeId(), lease, clock);
    }
}
