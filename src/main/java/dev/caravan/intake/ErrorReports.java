package dev.caravan.intake;

import dev.caravan.definition.ValidationError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report of a bad workflow file: {@code <file>.errors} beside it, one error per line as
 * {@code file:line:column: path: message} under a comment that says what it is. Written to a
 * hidden file first and renamed, so that nobody reads half a report. The folder never takes a
 * report for a workflow (it takes only {@code *.yml} and {@code *.yaml}).
 */
final class ErrorReports {

    static final String SUFFIX = ".errors";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReports.class);

    private final Path folder;

    ErrorReports(Path folder) {
        this.folder = folder;
    }

    void write(String fileName, List<ValidationError> errors) {
        String text = "# " + fileName + " was not deployed: " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                + ". The workflow's last good revision, if it has one, keeps running.\n"
                + "# Caravan deletes this report once the file is valid, or deleted.\n"
                + errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n", "", "\n"));
        Path report = reportOf(fileName);
        Path partial = folder.resolve("." + report.getFileName() + ".tmp");
        try {
            Files.writeString(partial, text);
            Files.move(partial, report, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a read-only folder still gets the errors in the log
            LOG.warn("Cannot write the report {}: {}", report, e.getMessage());
        }
    }

    void clear(String fileName) {
        try {
            Files.deleteIfExists(reportOf(fileName));
        } catch (IOException e) {
            LOG.warn("Cannot delete the report {}: {}", reportOf(fileName), e.getMessage());
        }
    }

    /** Deletes the reports of workflow files that are gone, even ones deleted while Caravan was down. */
    void clearOrphans(Set<String> namesInFolder, Set<String> workflowFiles) {
        for (String name : namesInFolder) {
            if (name.endsWith(SUFFIX)) {
                String file = name.substring(0, name.length() - SUFFIX.length());
                if (WorkflowFolder.isWorkflowFile(file) && !workflowFiles.contains(file)) {
                    clear(file);
                }
            }
        }
    }

    private Path reportOf(String fileName) {
        return folder.resolve(fileName + SUFFIX);
    }
}
