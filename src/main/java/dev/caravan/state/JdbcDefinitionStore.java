package dev.caravan.state;

import dev.caravan.event.ReportedEvent;
import dev.caravan.run.DefinitionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Deployed revisions in the database, and the removals of undeployed workflows. */
@Component
public class JdbcDefinitionStore implements DefinitionStore {

    private final JdbcTemplate jdbc;
    private final JdbcEventStore events;

    JdbcDefinitionStore(JdbcTemplate jdbc, JdbcEventStore events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Override
    public void save(StoredRevision revision, ReportedEvent deployed) {
        events.commitReported(tx -> tx.update("""
                INSERT INTO workflow_revisions (workflow_id, revision, version, name, source_name, source_text,
                                                checksum, deployed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                revision.workflowId(), revision.revision(), revision.version(), revision.name(),
                revision.sourceName(), revision.sourceText(), revision.checksum(),
                Timestamp.from(revision.deployedAt())), rows -> true, deployed);
    }

    @Override
    public List<StoredRevision> latestRevisions() {
        return jdbc.query("""
                SELECT * FROM workflow_revisions r
                 WHERE revision = (SELECT MAX(revision) FROM workflow_revisions l WHERE l.workflow_id = r.workflow_id)
                   AND NOT EXISTS (SELECT 1 FROM workflow_removals x
                                    WHERE x.workflow_id = r.workflow_id AND x.revision = r.revision)
                 ORDER BY workflow_id""", (row, index) -> revision(row));
    }

    @Override
    public Map<String, Integer> currentRevisionNumbers() {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        jdbc.query("""
                SELECT l.workflow_id, l.revision
                  FROM (SELECT workflow_id, MAX(revision) AS revision FROM workflow_revisions GROUP BY workflow_id) l
                 WHERE NOT EXISTS (SELECT 1 FROM workflow_removals x
                                    WHERE x.workflow_id = l.workflow_id AND x.revision = l.revision)""",
                row -> {
                    numbers.put(row.getString("workflow_id"), row.getInt("revision"));
                });
        return numbers;
    }

    @Override
    public Optional<StoredRevision> find(String workflowId, int revision) {
        return jdbc.query("SELECT * FROM workflow_revisions WHERE workflow_id = ? AND revision = ?",
                (row, index) -> revision(row), workflowId, revision).stream().findFirst();
    }

    @Override
    public List<StoredRevision> revisionsOf(String workflowId) {
        return jdbc.query("SELECT * FROM workflow_revisions WHERE workflow_id = ? ORDER BY revision",
                (row, index) -> revision(row), workflowId);
    }

    @Override
    public OptionalInt lastRevision(String workflowId) {
        Integer last = jdbc.queryForObject("SELECT MAX(revision) FROM workflow_revisions WHERE workflow_id = ?",
                Integer.class, workflowId);
        return last == null ? OptionalInt.empty() : OptionalInt.of(last);
    }

    @Override
    public void markRemoved(String workflowId, int revision, Instant removedAt, ReportedEvent undeployed) {
        events.commitReported(tx -> tx.update(
                "INSERT INTO workflow_removals (workflow_id, revision, removed_at) VALUES (?, ?, ?)",
                workflowId, revision, Timestamp.from(removedAt)), rows -> true, undeployed);
    }

    @Override
    public boolean isRemoved(String workflowId) {
        Integer removals = jdbc.queryForObject("""
                SELECT COUNT(*) FROM workflow_removals x
                 WHERE x.workflow_id = ?
                   AND x.revision = (SELECT MAX(revision) FROM workflow_revisions r WHERE r.workflow_id = x.workflow_id)""",
                Integer.class, workflowId);
        return removals != null && removals > 0;
    }

    private static StoredRevision revision(ResultSet row) throws SQLException {
        return new StoredRevision(row.getString("workflow_id"), row.getInt("revision"), row.getString("version"),
                row.getString("name"), row.getString("source_name"), row.getString("source_text"),
                row.getString("checksum"), row.getTimestamp("deployed_at").toInstant());
    }
}
