package dev.caravan.state;

import dev.caravan.run.RunLeases;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Run leases in the runs table. Times are the nodes' own clocks (kept in step by NTP, as for any
 * lease); a node considers its leases lost a third of a lease before they run out, so that it stops
 * before another node may start.
 */
@Component
public class JdbcRunLeases implements RunLeases, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbcRunLeases.class);

    private final JdbcTemplate jdbc;
    private final GroupCommitter committer;
    private final Clock clock;
    private final Duration lease;
    private final String nodeId;
    /** Until when this node's leases count as held: two thirds of a lease after the last renewal. */
    private volatile Instant heldUntil = Instant.MIN;
    private final java.util.concurrent.ScheduledExecutorService renewer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("caravan-lease-renewer").daemon().factory());

    public JdbcRunLeases(JdbcTemplate jdbc, GroupCommitter committer, Clock clock,
            @Value("${caravan.runs.lease:15s}") Duration lease, @Value("${caravan.node-id:}") String nodeId) {
        this.jdbc = jdbc;
        this.committer = committer;
        this.clock = clock;
        this.lease = lease;
        this.nodeId = nodeId == null || nodeId.isBlank() ? defaultNodeId() : nodeId;
        // leases are renewed from the start, before any run can be started or taken over
        renew();
        long period = Math.max(100, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewQuietly, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            // the database may be away for a moment; held() turns false if it stays away too long
            LOG.warn("Could not renew this node's run leases: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Lease newLease() {
        return new Lease(nodeId, clock.instant().plus(lease));
    }

    @Override
    public boolean claim(String runId) {
        Instant now = clock.instant();
        return jdbc.update("""
                UPDATE runs SET owner = ?, lease_until = ?
                 WHERE run_id = ? AND status IN ('QUEUED', 'RUNNING')
                   AND (owner IS NULL OR owner = ? OR lease_until < ?)""",
                nodeId, Timestamp.from(now.plus(lease)), runId, nodeId, Timestamp.from(now)) == 1;
    }

    /**
     * A held run's owner: not a node id (node ids have no parentheses), with no lease time, so that
     * {@link #orphaned()} ({@code lease_until < now} is not true of a null) and {@link #claim} pass it by.
     */
    static final String HELD = RunLeases.HELD.owner();

    @Override
    public boolean claimHeld(String runId) {
        return jdbc.update("UPDATE runs SET owner = ?, lease_until = ? WHERE run_id = ? AND status = 'QUEUED' AND owner = ?",
                nodeId, Timestamp.from(clock.instant().plus(lease)), runId, HELD) == 1;
    }

    @Override
    public void renew() {
        Instant now = clock.instant();
        // shares a commit with the runs' writes; counted from before it waited, so never too generous
        committer.commit(jdbc -> jdbc.update(
                "UPDATE runs SET lease_until = ? WHERE owner = ? AND status IN ('QUEUED', 'RUNNING')",
                Timestamp.from(now.plus(lease)), nodeId));
        // worked out once per renewal: held() is asked before every step of every run
        heldUntil = now.plus(lease.multipliedBy(2).dividedBy(3));
    }

    @Override
    public boolean held() {
        return clock.instant().isBefore(heldUntil);
    }

    @Override
    public List<String> ownedHere() {
        return jdbc.queryForList("""
                SELECT run_id FROM runs WHERE status IN ('QUEUED', 'RUNNING') AND owner = ? ORDER BY start_time""",
                String.class, nodeId);
    }

    @Override
    public List<String> orphaned() {
        return jdbc.queryForList("""
                SELECT run_id FROM runs
                 WHERE status IN ('QUEUED', 'RUNNING') AND (owner IS NULL OR lease_until < ?)
                 ORDER BY start_time""", String.class, Timestamp.from(clock.instant()));
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "caravan";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
