package dev.caravan.run;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The secret in a step's {@code callbackUrl}: an HMAC of the run and step key under a key every
 * node shares (kept in the database). It lets the agent call back for that one step and nothing
 * else, without credentials of its own; the same step gets the same token on every attempt and
 * after a restart, so nothing about it needs storing.
 */
@Component
class CallbackTokens {

    private final WaitStore store;
    private final Environment environment;
    // both looked up once: every agent call needs them, and a Spring property lookup walks every
    // property source (it was the larger part of an agent step's own CPU time)
    private volatile String baseUrl;
    private volatile Mac keyedMac;

    CallbackTokens(WaitStore store, Environment environment) {
        this.store = store;
        this.environment = environment;
    }

    /**
     * The URL an agent POSTs its late answer to: {@code caravan.public-url} (how agents reach this
     * Caravan), else this node's own address.
     */
    String callbackUrl(String runId, String stepKey) {
        return baseUrl() + "/api/workflows/" + segment(runId) + "/steps/" + segment(stepKey)
                + "/callback?token=" + tokenFor(runId, stepKey);
    }

    private String baseUrl() {
        String known = baseUrl;
        if (known != null) {
            return known;
        }
        String configured = environment.getProperty("caravan.public-url", "");
        String port = environment.getProperty("local.server.port");
        String base = (!configured.isBlank() ? configured
                : "http://127.0.0.1:" + (port != null ? port : environment.getProperty("server.port", "3020")))
                .replaceAll("/+$", "");
        if (!configured.isBlank() || port != null) {
            // final from here on; the server's own port is known only once the web server started
            baseUrl = base;
        }
        return base;
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    String tokenFor(String runId, String stepKey) {
        Mac mac = signer();
        byte[] signature = mac.doFinal((runId + "\n" + stepKey).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /**
     * A Mac of its own for one token, cloned from one keyed once: looking up the algorithm and
     * keying a new Mac on every agent call showed in profiles (a Mac is not thread-safe, so no
     * instance is shared).
     */
    private Mac signer() {
        try {
            Mac known = keyedMac;
            if (known == null) {
                known = Mac.getInstance("HmacSHA256");
                known.init(new SecretKeySpec(store.callbackKey(), "HmacSHA256"));
                keyedMac = known;
            }
            return (Mac) known.clone();
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Compares in constant time, so that a wrong token tells nothing about the right one. */
    boolean isValid(String runId, String stepKey, String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(runId, stepKey).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
