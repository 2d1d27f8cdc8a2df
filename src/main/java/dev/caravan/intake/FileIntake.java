package dev.caravan.intake;

import dev.caravan.definition.ValidationError;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.definition.WorkflowValidationException;
import dev.caravan.event.EventBus;
import dev.caravan.run.Deployment;
import dev.caravan.run.UnknownWorkflowException;
import dev.caravan.run.WorkflowCatalog;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a file of the folder means for the workflows: a valid file deploys its workflow and becomes
 * its file ({@link FileTie}); a bad one is reported ({@link ErrorReports}, {@code workflow.rejected})
 * while the last good revision keeps running; a file that declares an id another file holds is
 * rejected naming that file; a file gone undeploys its workflow, unless a file waiting for the id
 * takes it over. Called by {@link WorkflowFolder} on the folder route's thread, one call at a time.
 */
@Component
class FileIntake {

    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);

    private final Path folder;
    private final WorkflowParser parser;
    private final WorkflowCatalog catalog;
    private final FileTies ties;
    private final ErrorReports reports;
    private final EventBus events;
    /** Files rejected for a duplicate id, and the file that holds it: tried again when that one lets go. */
    private final Map<String, String> duplicates = new HashMap<>();

    FileIntake(@Value("${caravan.workflows.dir}") Path folder, WorkflowParser parser, WorkflowCatalog catalog,
            FileTies ties, EventBus events) {
        this.folder = folder;
        this.parser = parser;
        this.catalog = catalog;
        this.ties = ties;
        this.reports = new ErrorReports(folder);
        this.events = events;
    }

    /** Reads which workflow came from which file, as Caravan left it. */
    void start() {
        ties.load();
    }

    /**
     * A file has been written: its text is taken if it is within the size limit and UTF-8.
     *
     * @throws java.nio.file.NoSuchFileException when the file is gone already
     */
    void read(String fileName) throws IOException {
        if (fileName.length() > WorkflowCatalog.MAX_SOURCE_NAME) {
            unreadable(fileName, "the file name has " + fileName.length() + " characters; Caravan takes workflow files "
                    + "whose names have at most " + WorkflowCatalog.MAX_SOURCE_NAME);
            return;
        }
        Optional<String> text;
        try {
            text = FileText.read(folder.resolve(fileName), parser.limits().maxSourceBytes());
        } catch (CharacterCodingException notText) {
            unreadable(fileName, "the file is not UTF-8 text");
            return;
        }
        if (text.isEmpty()) {
            unreadable(fileName, parser.limits().sourceTooLarge());
            return;
        }
        written(fileName, text.get());
    }

    /** A file was written: its text, complete. */
    void written(String fileName, String text) {
        duplicates.remove(fileName);
        WorkflowDefinition definition;
        try {
            definition = parser.parse(fileName, text);
        } catch (WorkflowValidationException invalid) {
            reject(fileName, invalid.errors());
            return;
        }
        String workflowId = definition.id();
        String checksum = definition.source().checksum();
        Optional<FileTie> holder = heldByAnotherFile(workflowId, fileName);
        if (holder.isPresent()) {
            duplicates.put(fileName, holder.get().fileName());
            reject(fileName, List.of(duplicateId(fileName, text, workflowId, holder.get().fileName())));
            return;
        }
        if (undeployedSinceFileWasRead(workflowId, fileName, checksum)) {
            LOG.info("{} is unchanged since workflow {} was undeployed through the API: it stays undeployed until the "
                    + "file changes", fileName, workflowId);
            reports.clear(fileName);
            return;
        }
        deploy(fileName, text, workflowId, checksum);
    }

    /** A file that cannot be read as text, or that is too large to be. */
    private void unreadable(String fileName, String why) {
        duplicates.remove(fileName);
        reject(fileName, List.of(new ValidationError(fileName, 1, 1, "", why)));
    }

    /**
     * After a poll. A tied file is gone when it was missing before the poll listed the folder, and
     * still is: a file renamed within the folder was then listed under its new name, and has taken
     * its workflow over, before its old name is missed.
     */
    void pollDone(Set<String> namesBeforePoll, Set<String> namesNow) {
        Set<String> workflowFiles = namesNow.stream().filter(WorkflowFolder::isWorkflowFile).collect(Collectors.toSet());
        for (FileTie tie : ties.all()) {
            if (tie.supersededIn(catalog)) {
                ties.remove(tie.workflowId());
            } else if (!namesBeforePoll.contains(tie.fileName()) && !workflowFiles.contains(tie.fileName())) {
                release(tie, "was deleted");
            }
        }
        duplicates.keySet().retainAll(workflowFiles);
        reports.clearOrphans(namesNow, workflowFiles);
    }

    private void deploy(String fileName, String text, String workflowId, String checksum) {
        Deployment deployment;
        try {
            deployment = catalog.deploy(fileName, text);
        } catch (WorkflowValidationException invalid) {
            // the catalog has published workflow.rejected already
            reports.write(fileName, invalid.errors());
            return;
        } catch (RuntimeException e) {
            // said beside the file rather than by failing the route, which would read the file again at every poll
            LOG.error("{} could not be deployed", fileName, e);
            reject(fileName, List.of(new ValidationError(fileName, 1, 1, "", "could not be deployed: " + e.getMessage())));
            return;
        }
        ties.put(new FileTie(workflowId, fileName, deployment.workflow().revision(), checksum));
        reports.clear(fileName);
        for (FileTie earlier : ties.ofFile(fileName)) {
            if (!earlier.workflowId().equals(workflowId)) {
                release(earlier, "now declares workflow " + workflowId);
            }
        }
    }

    /**
     * The file no longer speaks for the workflow. A file that was rejected for declaring the same
     * id takes it over (the first by name); else the workflow is undeployed.
     */
    private void release(FileTie tie, String why) {
        ties.remove(tie.workflowId());
        List<String> waiting = duplicates.entrySet().stream().filter(entry -> entry.getValue().equals(tie.fileName()))
                .map(Map.Entry::getKey).sorted().toList();
        for (String fileName : waiting) {
            try {
                read(fileName);
            } catch (IOException e) {
                LOG.warn("Cannot read {} again: {}", folder.resolve(fileName), e.getMessage());
            }
        }
        boolean takenOver = ties.of(tie.workflowId()).isPresent();
        if (!takenOver && tie.isCurrentIn(catalog)) {
            LOG.info("{} {}: undeploying workflow {}", tie.fileName(), why, tie.workflowId());
            try {
                catalog.undeploy(tie.workflowId());
            } catch (UnknownWorkflowException alreadyGone) {
                // undeployed through the API in the meantime: what the file asked for is done
            }
        }
    }

    /** The file of the folder that holds the workflow id, when it is another one and still there. */
    private Optional<FileTie> heldByAnotherFile(String workflowId, String fileName) {
        return ties.of(workflowId)
                .filter(tie -> !tie.fileName().equals(fileName))
                .filter(tie -> !tie.supersededIn(catalog))
                .filter(tie -> Files.isRegularFile(folder.resolve(tie.fileName())));
    }

    /**
     * The API undeployed the workflow this very text deployed: reading the file again (at a
     * restart, say) must not bring it back; changing the file does.
     */
    private boolean undeployedSinceFileWasRead(String workflowId, String fileName, String checksum) {
        return ties.of(workflowId).filter(tie -> tie.fileName().equals(fileName) && tie.checksum().equals(checksum))
                .isPresent() && catalog.undeployed(workflowId);
    }

    private static ValidationError duplicateId(String fileName, String text, String workflowId, String holder) {
        String keep = " is already declared by " + holder + ", which keeps it";
        return DeclaredId.in(text)
                .map(id -> new ValidationError(fileName, id.line(), id.column(), "id", "workflow id '" + workflowId + "'"
                        + keep + ": give this workflow another id, or take it out of " + holder))
                .orElseGet(() -> new ValidationError(fileName, 1, 1, "", "the workflow id '" + workflowId
                        + "', from the file name," + keep + ": set another id: in this file"));
    }

    private void reject(String fileName, List<ValidationError> errors) {
        List<String> lines = errors.stream().map(ValidationError::toString).toList();
        LOG.error("{} is not a valid workflow and was not deployed:\n  {}", folder.resolve(fileName),
                String.join("\n  ", lines));
        reports.write(fileName, errors);
        // the correlation id is a column of 200; a longer name is in the event's data all the same
        String correlationId = fileName.length() <= WorkflowCatalog.MAX_SOURCE_NAME ? fileName : null;
        events.publish("workflow.rejected", correlationId, Map.of("source", fileName, "errors", lines));
    }
}
