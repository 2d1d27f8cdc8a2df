package dev.caravan.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's password: {@code CARAVAN_ADMIN_PASSWORD} when set; else the one kept in
 * {@code data/admin-password}; else a new one, generated, kept there (readable by the owner only)
 * and printed once, at this first start.
 */
final class AdminPassword {

    private static final Logger LOG = LoggerFactory.getLogger(AdminPassword.class);
    private static final String FILE = "admin-password";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private AdminPassword() {
    }

    static String resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                LOG.info("Admin password: the one generated at first start, kept in {}", file.toAbsolutePath());
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String generated = generate();
            Files.createDirectories(dataDir);
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            restrict(file);
            LOG.warn("""

                    ==================================================================
                    Generated the admin password (shown this once): {}
                    User: admin. Kept in {}; set CARAVAN_ADMIN_PASSWORD to choose one.
                    ==================================================================""",
                    generated, file.toAbsolutePath());
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin password in " + file.toAbsolutePath()
                    + "; set CARAVAN_ADMIN_PASSWORD or make " + dataDir.toAbsolutePath() + " writable", e);
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException notPosix) {
            LOG.debug("cannot restrict {} to its owner on this file system", file);
        }
    }
}
