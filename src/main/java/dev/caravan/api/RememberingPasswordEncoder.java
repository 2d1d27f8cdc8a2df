package dev.caravan.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that remembers which credentials it has already seen match, so that an API
 * client sending HTTP Basic on every request pays BCrypt once, not on every call (BCrypt was about
 * 82% of Caravan's CPU under API load). A credential is remembered only after the wrapped encoder
 * accepted it, and only as an HMAC-SHA256 of the raw password and the stored hash under a key
 * drawn at random for this process: the raw password is never kept, the memory is useless outside
 * the process, and a changed stored hash is not satisfied by it. A wrong password always goes to
 * the wrapped encoder, so guessing still costs an attacker a BCrypt per try.
 */
final class RememberingPasswordEncoder implements PasswordEncoder {

    private static final String HMAC = "HmacSHA256";

    private final PasswordEncoder encoder;
    /** Initialised with the key once; each request works on a clone (a Mac is not thread-safe). */
    private final Mac keyed;
    private final Map<Remembered, Boolean> remembered;
    /** The answer to the last {@link #upgradeEncoding} question: the same stored hash comes every time. */
    private volatile Upgrade lastUpgrade;

    /** @param capacity how many matched credentials are remembered; the least recently used goes first */
    RememberingPasswordEncoder(PasswordEncoder encoder, int capacity) {
        this.encoder = encoder;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            this.keyed = Mac.getInstance(HMAC);
            keyed.init(new SecretKeySpec(secret, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        this.remembered = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Remembered, Boolean> eldest) {
                return size() > capacity;
            }
        });
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return encoder.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return encoder.matches(rawPassword, encodedPassword);
        }
        Remembered credential = new Remembered(mac(rawPassword, encodedPassword));
        if (remembered.containsKey(credential)) {
            return true;
        }
        boolean matches = encoder.matches(rawPassword, encodedPassword);
        if (matches) {
            remembered.put(credential, Boolean.TRUE);
        }
        return matches;
    }

    /**
     * Spring Security asks after every successful authentication, and BCrypt answers by matching
     * the stored hash against a regular expression (0.6% of Caravan's CPU under run starts); the
     * answer depends on the stored hash alone, so the last one is kept.
     */
    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        Upgrade last = lastUpgrade;
        if (last != null && last.encodedPassword().equals(encodedPassword)) {
            return last.needed();
        }
        boolean needed = encoder.upgradeEncoding(encodedPassword);
        if (encodedPassword != null) {
            lastUpgrade = new Upgrade(encodedPassword, needed);
        }
        return needed;
    }

    private record Upgrade(String encodedPassword, boolean needed) {
    }

    /** The keyed hash of a password together with the stored hash it matched. */
    private byte[] mac(CharSequence rawPassword, String encodedPassword) {
        try {
            // a clone of the keyed Mac, not getInstance and init: the provider look-up and the key's
            // set-up were 2.4% of Caravan's CPU under API load (docs/performance.md, session 8)
            Mac mac = (Mac) keyed.clone();
            mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            // a separator that no stored hash contains keeps ("ab", "c") apart from ("a", "bc")
            mac.update((byte) 0);
            return mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }

    /** A map key compared by content, in constant time. */
    private record Remembered(byte[] mac) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Remembered that && MessageDigest.isEqual(mac, that.mac);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(mac);
        }
    }
}
