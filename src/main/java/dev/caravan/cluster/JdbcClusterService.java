package dev.caravan.cluster;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Camel's cluster service over the database the nodes share: a namespace's leader is the node that
 * holds its lease ({@link LeaderLeases}). Camel's {@code master:} component runs a consumer only on
 * the leader of its namespace, and starts it on another node when the leader dies. No extra
 * infrastructure (ZooKeeper, Consul, Kubernetes) is needed, and it works the same on the embedded H2.
 */
public class JdbcClusterService extends AbstractCamelClusterService<LeaderView> {

    private final LeaderLeases leases;
    private final String nodeId;
    private final Duration lease;
    private final Clock clock;

    JdbcClusterService(LeaderLeases leases, String nodeId, Duration lease, Clock clock) {
        super("caravan-jdbc");
        this.leases = leases;
        this.nodeId = nodeId;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    protected LeaderView createView(String namespace) {
        return new LeaderView(this, namespace, leases, nodeId, lease, clock);
    }
}
