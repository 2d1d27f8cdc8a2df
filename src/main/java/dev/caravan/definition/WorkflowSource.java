package dev.caravan.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The verbatim text a definition was parsed from, kept beside the parsed form.
 *
 * @param name the file name or source name that errors are reported against
 * @param text the YAML exactly as the user wrote it
 * @param checksum {@code sha256:<hex>} of the text; equal checksums mean the same revision
 */
public record WorkflowSource(String name, String text, String checksum) {

    public static WorkflowSource of(String name, String text) {
        return new WorkflowSource(name, text, checksumOf(text));
    }

    static String checksumOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
