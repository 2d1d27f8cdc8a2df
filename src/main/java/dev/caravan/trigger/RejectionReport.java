package dev.caravan.trigger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;

/**
 * Why a file started no run, written beside the place the file is moved to:
 * {@code <folder>/.rejected/<name>.reason.txt} next to {@code <folder>/.rejected/<name>}. The
 * folder is hidden, so the trigger never reads its own reports.
 */
final class RejectionReport {

    static final String SUFFIX = ".reason.txt";

    private RejectionReport() {
    }

    /** Writes the report when the message is a file; returns where, or null for other messages. */
    static Path writeFor(Exchange exchange, String what, String reason, Instant at) throws IOException {
        String absolute = exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class);
        String relative = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (absolute == null || relative == null) {
            return null;
        }
        Path file = Path.of(absolute);
        Path folder = file;
        for (int i = 0; i < Path.of(relative).getNameCount(); i++) {
            folder = folder.getParent();
        }
        Path report = folder.resolve(TriggerEndpoints.REJECTED_FOLDER).resolve(relative + SUFFIX);
        Files.createDirectories(report.getParent());
        Files.writeString(report, at + " " + what + " started no run for " + relative + ":\n" + reason + "\n",
                StandardCharsets.UTF_8);
        return report;
    }
}
