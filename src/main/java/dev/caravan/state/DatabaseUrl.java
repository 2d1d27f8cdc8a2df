package dev.caravan.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The database Caravan keeps its state in, from {@code DATABASE_URL}: the first seed's form
 * ({@code postgresql://user:pass@host:5432/db}) or a JDBC URL. Without one, an embedded H2 file
 * under the data folder, so that one command starts Caravan with nothing installed.
 *
 * @param jdbcUrl the JDBC URL
 * @param username the user, null when the URL carries none
 * @param password the password, null when the URL carries none
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

    static DatabaseUrl embedded(String dataDir) {
        // H2 takes no path relative to the working folder unless told; an absolute one says it plainly.
        // DB_CLOSE_ON_EXIT off: Spring closes the pool itself, after the last run is saved.
        java.nio.file.Path file = java.nio.file.Path.of(dataDir, "caravan").toAbsolutePath().normalize();
        return new DatabaseUrl("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    static DatabaseUrl parse(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:")) {
            return new DatabaseUrl(trimmed, null, null);
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw new InvalidDatabaseUrlException("DATABASE_URL must be postgresql://user:password@host:port/database "
                    + "or a JDBC URL (jdbc:...), not " + redacted(trimmed));
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException invalid) {
            // not chained: the cause's message holds the URL as given, password and all
            throw new InvalidDatabaseUrlException("DATABASE_URL is not a valid URL (" + invalid.getReason() + " at index "
                    + invalid.getIndex() + "): " + redacted(trimmed) + "; a password with special characters must be "
                    + "URL-encoded");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new InvalidDatabaseUrlException("DATABASE_URL needs a host and a database: " + redacted(trimmed));
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new DatabaseUrl(jdbc, user, password);
    }

    /** The URL without its password, for logs and errors. */
    static String redacted(String url) {
        return url.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return jdbcUrl + (username == null ? "" : " as " + username);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
