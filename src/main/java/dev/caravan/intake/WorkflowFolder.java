package dev.caravan.intake;

import dev.caravan.definition.WorkflowValidationException;
import dev.caravan.run.WorkflowCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The workflows folder ({@code workflows/}, or {@code CARAVAN_WORKFLOWS_DIR}): every {@code .yml}
 * and {@code .yaml} file in it is deployed at start-up. A bad file is reported with each of its
 * errors and skipped; the others deploy.
 */
@Component
public class WorkflowFolder {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowFolder.class);

    private final Path folder;
    private final WorkflowCatalog catalog;

    public WorkflowFolder(@Value("${caravan.workflows.dir}") Path folder, WorkflowCatalog catalog) {
        this.folder = folder;
        this.catalog = catalog;
    }

    public void deployAll() {
        if (!Files.isDirectory(folder)) {
            LOG.warn("Workflows folder {} does not exist: no workflow deployed at start-up", folder.toAbsolutePath());
            return;
        }
        List<Path> files = workflowFiles();
        int deployed = 0;
        for (Path file : files) {
            deployed += deploy(file) ? 1 : 0;
        }
        LOG.info("Deployed {} of {} workflow files from {}", deployed, files.size(), folder.toAbsolutePath());
    }

    private boolean deploy(Path file) {
        try {
            catalog.deploy(file.getFileName().toString(), Files.readString(file));
            return true;
        } catch (WorkflowValidationException invalid) {
            LOG.error("{} is not a valid workflow and was not deployed:\n  {}", file,
                    String.join("\n  ", invalid.errors().stream().map(Object::toString).toList()));
        } catch (IOException e) {
            LOG.error("Cannot read {}: {}", file, e.getMessage());
        } catch (RuntimeException e) {
            // one file must not keep the others from deploying
            LOG.error("{} could not be deployed", file, e);
        }
        return false;
    }

    private List<Path> workflowFiles() {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(path -> path.toString().endsWith(".yml") || path.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder, e);
        }
    }
}
