package dev.caravan.event;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Redis is, from {@code REDIS_URL}: {@code redis://[user:password@]host[:port][/db]}, or
 * {@code rediss://} for TLS.
 */
record RedisUrl(String host, int port, String username, String password, int database, boolean tls) {

    static RedisUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("REDIS_URL is not a URL: " + redacted(url));
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("REDIS_URL must look like redis://host:6379, not " + redacted(url));
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = parts[0].isEmpty() ? null : decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        return new RedisUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379, user, password,
                path.isEmpty() ? 0 : Integer.parseInt(path), "rediss".equals(uri.getScheme()));
    }

    static String redacted(String url) {
        return url.replaceAll("//([^@/]*)@", "//***@");
    }

    @Override
    public String toString() {
        return (tls ? "rediss" : "redis") + "://" + host + ":" + port + "/" + database;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
