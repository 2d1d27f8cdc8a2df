package dev.caravan.intake;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which workflow came from which file of the folder (table {@code workflow_files}), kept in the
 * database so that a restart knows which workflows belong to files deleted while Caravan was down,
 * and read from memory by the folder, its only writer.
 */
@Component
class FileTies {

    private final JdbcTemplate jdbc;
    private final Map<String, FileTie> byWorkflow = new ConcurrentHashMap<>();

    FileTies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void load() {
        byWorkflow.clear();
        jdbc.query("SELECT workflow_id, file_name, revision, checksum FROM workflow_files", (row, index) -> new FileTie(
                row.getString("workflow_id"), row.getString("file_name"), row.getInt("revision"),
                row.getString("checksum"))).forEach(tie -> byWorkflow.put(tie.workflowId(), tie));
    }

    Optional<FileTie> of(String workflowId) {
        return Optional.ofNullable(byWorkflow.get(workflowId));
    }

    /** Every tie, by workflow id: a copy, safe to change the ties while going through it. */
    List<FileTie> all() {
        return byWorkflow.values().stream().sorted(Comparator.comparing(FileTie::workflowId)).toList();
    }

    List<FileTie> ofFile(String fileName) {
        return all().stream().filter(tie -> tie.fileName().equals(fileName)).toList();
    }

    void put(FileTie tie) {
        if (Objects.equals(byWorkflow.get(tie.workflowId()), tie)) {
            return;
        }
        int updated = jdbc.update("UPDATE workflow_files SET file_name = ?, revision = ?, checksum = ? WHERE workflow_id = ?",
                tie.fileName(), tie.revision(), tie.checksum(), tie.workflowId());
        if (updated == 0) {
            jdbc.update("INSERT INTO workflow_files (workflow_id, file_name, revision, checksum) VALUES (?, ?, ?, ?)",
                    tie.workflowId(), tie.fileName(), tie.revision(), tie.checksum());
        }
        byWorkflow.put(tie.workflowId(), tie);
    }

    void remove(String workflowId) {
        jdbc.update("DELETE FROM workflow_files WHERE workflow_id = ?", workflowId);
        byWorkflow.remove(workflowId);
    }
}
