package dev.caravan.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's leadership as Camel's cluster API sees it: every third of a lease this node
 * takes or renews the lease, or learns who holds it, and tells Camel's listeners (the
 * {@code master:} consumers) when the leader changes. A node that could not renew for two thirds
 * of a lease gives up leadership by its own clock, before another node may take it.
 */
final class LeaderView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderView.class);

    private final LeaderLeases leases;
    private final String nodeId;
    private final Duration lease;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private volatile String leader;
    private volatile Instant renewedAt = Instant.MIN;

    LeaderView(CamelClusterService service, String namespace, LeaderLeases leases, String nodeId, Duration lease,
            Clock clock) {
        super(service, namespace);
        this.leases = leases;
        this.nodeId = nodeId;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("caravan-leader-" + getNamespace()).daemon().factory());
        long period = Math.max(100, lease.toMillis() / 3);
        // The first look is made here, before the view is handed out: Camel's ClusteredRoutePolicy
        // gets the view for the first trigger route while that route is not yet startable, and a
        // leadership event arriving in that window (from the timer's thread) left the route stopped
        // for good. A lead known before the policy listens is told to it as it starts listening.
        check();
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        timer.shutdownNow();
        if (nodeId.equals(leader)) {
            try {
                leases.release(getNamespace(), nodeId);
            } catch (RuntimeException e) {
                LOG.warn("Could not give up the lead of {}: another node takes it when the lease runs out",
                        getNamespace());
            }
        }
        leader = null;
    }

    /** Takes, renews or observes the lease, then tells the listeners if the leader changed. */
    void check() {
        String now;
        try {
            if (leases.hold(getNamespace(), nodeId, lease)) {
                renewedAt = clock.instant();
                now = nodeId;
            } else {
                now = leases.holder(getNamespace()).orElse(null);
            }
        } catch (RuntimeException e) {
            // the database is away: keep what is known, but stop leading before the lease may run out
            LOG.warn("Could not renew or read the lead of {}: {}", getNamespace(), e.getMessage());
            now = nodeId.equals(leader) && stillHeld() ? nodeId : null;
        }
        if (!Objects.equals(now, leader)) {
            leader = now;
            LOG.info("{} leads {}", now == null ? "No node" : now.equals(nodeId) ? "This node (" + nodeId + ")" : now,
                    getNamespace());
            fireLeadershipChangedEvent(now == null ? null : new Member(now));
        }
    }

    private boolean stillHeld() {
        return clock.instant().isBefore(renewedAt.plus(lease.multipliedBy(2).dividedBy(3)));
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return Optional.ofNullable(leader).map(Member::new);
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return new Member(nodeId);
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        // only the leader is known: nodes that do not lead leave no trace in the lease table
        String current = leader;
        return current == null || current.equals(nodeId) ? List.of(getLocalMember())
                : List.of(getLocalMember(), new Member(current));
    }

    private final class Member implements CamelClusterMember {

        private final String id;

        Member(String id) {
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isLeader() {
            return id.equals(leader);
        }

        @Override
        public boolean isLocal() {
            return id.equals(nodeId);
        }
    }
}
