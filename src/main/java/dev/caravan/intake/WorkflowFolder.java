package dev.caravan.intake;

import dev.caravan.definition.ValidationError;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.definition.WorkflowValidationException;
import dev.caravan.event.EventBus;
import dev.caravan.run.Deployment;
import dev.caravan.run.WorkflowCatalog;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The watched workflows folder ({@code workflows/}, or {@code CARAVAN_WORKFLOWS_DIR}), as
 * docs/folder.md tells it. The route {@code caravan.intake.folder} ({@code routes/workflow-folder.yaml})
 * polls the folder and hands each {@code .yml} or {@code .yaml} file here once it is new or
 * changed and has stopped changing; after each poll the files that are gone are dealt with.
 *
 * <p>A valid file deploys its workflow and becomes its file ({@link FileTie}); deleting the file
 * undeploys that workflow. A bad file is left as it is: its errors go to a report beside it
 * ({@link ErrorReports}) and to a {@code workflow.rejected} event, and the workflow's last good
 * revision keeps running. A file that declares a workflow id another file of the folder holds is
 * rejected the same way, naming that file. The folder only ever reads workflow files.
 */
@Component("workflowFolder")
public class WorkflowFolder {

    static final String ROUTE_ID = "caravan.intake.folder";
    private static final Duration FIRST_POLL_LIMIT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowFolder.class);

    private final Path folder;
    private final WorkflowParser parser;
    private final WorkflowCatalog catalog;
    private final FileTies ties;
    private final SeenFiles seen;
    private final ErrorReports reports;
    private final EventBus events;
    private final CamelContext camel;
    /** Files rejected for a duplicate id, and the file that holds it: tried again when that one lets go. */
    private final Map<String, String> duplicates = new HashMap<>();
    private final CountDownLatch firstPoll = new CountDownLatch(1);

    public WorkflowFolder(@Value("${caravan.workflows.dir}") Path folder, WorkflowParser parser, WorkflowCatalog catalog,
            FileTies ties, SeenFiles seen, EventBus events, CamelContext camel) {
        this.folder = folder;
        this.parser = parser;
        this.catalog = catalog;
        this.ties = ties;
        this.seen = seen;
        this.reports = new ErrorReports(folder);
        this.events = events;
        this.camel = camel;
    }

    /** A file the folder takes for a workflow: {@code *.yml} or {@code *.yaml}, not hidden. */
    static boolean isWorkflowFile(String fileName) {
        return !fileName.startsWith(".") && (fileName.endsWith(".yml") || fileName.endsWith(".yaml"));
    }

    /**
     * Starts watching the folder, after the stored workflows are loaded again. Returns once the
     * first poll is done: every file present has been read and deployed, and the workflows of
     * files deleted while Caravan was down are undeployed.
     */
    public void deployAndWatch() {
        if (!Files.isDirectory(folder)) {
            LOG.warn("Workflows folder {} does not exist: nothing is deployed from it until it appears",
                    folder.toAbsolutePath());
        }
        ties.load();
        try {
            camel.getRouteController().startRoute(ROUTE_ID);
            if (!firstPoll.await(FIRST_POLL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The workflows folder {} is still being read after {}; Caravan goes on meanwhile",
                        folder.toAbsolutePath(), FIRST_POLL_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start watching the workflows folder " + folder.toAbsolutePath(), e);
        }
    }

    /** From the route: a workflow file is new or changed, and has stopped changing. */
    public synchronized void written(String fileName) throws IOException {
        Path file = folder.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return; // deleted since the poll listed it: the end of the poll deals with that
        }
        SeenFiles.Stamp stamp = SeenFiles.Stamp.of(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            reject(fileName, List.of(new ValidationError(fileName, 1, 1, "", "the file is not UTF-8 text")));
            seen.record(fileName, stamp);
            return;
        }
        take(fileName, text);
        seen.record(fileName, stamp);
    }

    /** From the route's poll strategy, after each poll: the files that are gone. */
    synchronized void pollDone() {
        try {
            if (Files.isDirectory(folder)) {
                forgetDeletedFiles();
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the workflows folder {}: {}", folder.toAbsolutePath(), e.getMessage());
        } finally {
            firstPoll.countDown();
        }
    }

    private void take(String fileName, String text) {
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

    private void deploy(String fileName, String text, String workflowId, String checksum) {
        Deployment deployment;
        try {
            deployment = catalog.deploy(fileName, text);
        } catch (WorkflowValidationException invalid) {
            // the catalog has published workflow.rejected already
            reports.write(fileName, invalid.errors());
            return;
        } catch (RuntimeException e) {
            // say it beside the file rather than fail the route, which would read the file again at every poll
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

    private void forgetDeletedFiles() throws IOException {
        Set<String> names;
        try (Stream<Path> entries = Files.list(folder)) {
            names = entries.filter(Files::isRegularFile).map(path -> path.getFileName().toString())
                    .collect(Collectors.toSet());
        }
        Set<String> workflowFiles = names.stream().filter(WorkflowFolder::isWorkflowFile).collect(Collectors.toSet());
        for (FileTie tie : ties.all()) {
            if (tie.supersededIn(catalog)) {
                ties.remove(tie.workflowId());
            } else if (!workflowFiles.contains(tie.fileName())) {
                release(tie, "was deleted");
            }
        }
        seen.retainOnly(workflowFiles);
        duplicates.keySet().retainAll(workflowFiles);
        reports.clearOrphans(names, workflowFiles);
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
            duplicates.remove(fileName);
            try {
                written(fileName);
            } catch (IOException e) {
                LOG.warn("Cannot read {} again: {}", folder.resolve(fileName), e.getMessage());
            }
        }
        boolean takenOver = ties.of(tie.workflowId()).isPresent();
        if (!takenOver && tie.isCurrentIn(catalog)) {
            LOG.info("{} {}: undeploying workflow {}", tie.fileName(), why, tie.workflowId());
            catalog.undeploy(tie.workflowId());
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
        LOG.error("{} is not a valid workflow and was not deployed:\n  {}", folder.resolve(fileName), String.join("\n  ", lines));
        reports.write(fileName, errors);
        events.publish("workflow.rejected", fileName, Map.of("source", fileName, "errors", lines));
    }
}
