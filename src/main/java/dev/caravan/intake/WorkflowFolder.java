package dev.caravan.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
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
 * changed and has stopped changing; its poll strategy ({@link FolderPolls}) calls in before and
 * after each poll, so that files that are gone are dealt with. What a file means for the
 * workflows is decided by {@link FileIntake}. The folder only ever reads workflow files.
 */
@Component("workflowFolder")
public class WorkflowFolder {

    static final String ROUTE_ID = "caravan.intake.folder";
    private static final Duration FIRST_POLL_LIMIT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowFolder.class);

    private final Path folder;
    private final FileIntake intake;
    private final SeenFiles seen;
    private final CamelContext camel;
    private final CountDownLatch firstPoll = new CountDownLatch(1);
    /** The files in the folder as the current poll started; null when it could not be listed. */
    private Set<String> namesBeforePoll;

    public WorkflowFolder(@Value("${caravan.workflows.dir}") Path folder, FileIntake intake, SeenFiles seen,
            CamelContext camel) {
        this.folder = folder;
        this.intake = intake;
        this.seen = seen;
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
        intake.start();
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
        try {
            // the stamp before the text: a write in between makes the file differ at the next poll
            SeenFiles.Stamp stamp = SeenFiles.Stamp.of(file);
            intake.read(fileName);
            seen.record(fileName, stamp);
        } catch (NoSuchFileException deleted) {
            // deleted since the poll listed it: the end of the poll deals with that
        }
    }

    /** From the route's poll strategy, before each poll lists the folder. */
    synchronized void pollStarting() {
        namesBeforePoll = namesInFolder().orElse(null);
    }

    /** From the route's poll strategy, after each poll: the files that are gone. */
    synchronized void pollDone() {
        try {
            Optional<Set<String>> namesNow = namesInFolder();
            // a folder that is missing, or cannot be listed, undeploys nothing
            if (namesBeforePoll != null && namesNow.isPresent()) {
                seen.retainOnly(namesNow.get().stream().filter(WorkflowFolder::isWorkflowFile).collect(Collectors.toSet()));
                intake.pollDone(namesBeforePoll, namesNow.get());
            }
        } finally {
            namesBeforePoll = null;
            firstPoll.countDown();
        }
    }

    /** The names of the regular files in the folder; empty when the folder is missing or cannot be listed. */
    private Optional<Set<String>> namesInFolder() {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return Optional.of(entries.filter(Files::isRegularFile).map(path -> path.getFileName().toString())
                    .collect(Collectors.toSet()));
        } catch (IOException e) {
            LOG.warn("Cannot list the workflows folder {}: {}", folder.toAbsolutePath(), e.getMessage());
            return Optional.empty();
        }
    }
}
