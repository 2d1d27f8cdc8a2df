package dev.caravan.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leadership of a namespace as a lease in {@code cluster_leaders}: a node holds it while it renews
 * it in time; another node takes it once it has run out. Every change is one conditional statement,
 * so two nodes can never both hold one namespace by the database's account.
 */
class LeaderLeases {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    LeaderLeases(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes or renews the lease for {@code nodeId}: true when the node holds it now. */
    boolean hold(String namespace, String nodeId, Duration lease) {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(lease));
        int renewed = jdbc.update("""
                UPDATE cluster_leaders SET node_id = ?, lease_until = ?
                 WHERE namespace = ? AND (node_id = ? OR lease_until < ?)""",
                nodeId, until, namespace, nodeId, Timestamp.from(now));
        if (renewed == 1) {
            return true;
        }
        try {
            return jdbc.update("INSERT INTO cluster_leaders (namespace, node_id, lease_until) VALUES (?, ?, ?)",
                    namespace, nodeId, until) == 1;
        } catch (DuplicateKeyException heldByAnother) {
            return false;
        }
    }

    /** The node whose lease on the namespace has not run out, if any. */
    Optional<String> holder(String namespace) {
        return jdbc.queryForList("SELECT node_id FROM cluster_leaders WHERE namespace = ? AND lease_until >= ?",
                String.class, namespace, Timestamp.from(clock.instant())).stream().findFirst();
    }

    /** Gives the lease up at once (a node stopping), so that another node need not wait for it to run out. */
    void release(String namespace, String nodeId) {
        jdbc.update("UPDATE cluster_leaders SET lease_until = ? WHERE namespace = ? AND node_id = ?",
                Timestamp.from(clock.instant().minusSeconds(1)), namespace, nodeId);
    }
}
