package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** BCrypt once per matching credential; everything else still goes to BCrypt. */
class RememberingPasswordEncoderTest {

    /** BCrypt at its lowest cost, counting how often it is asked. */
    private static final class CountingBCrypt implements PasswordEncoder {
        private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String encode(CharSequence rawPassword) {
            return bcrypt.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checks.incrementAndGet();
            return bcrypt.matches(rawPassword, encodedPassword);
        }
    }

    private final CountingBCrypt bcrypt = new CountingBCrypt();
    private final RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(bcrypt, 10);

    @Test
    void aRightPasswordIsCheckedByBCryptOnceThenAcceptedFromMemory() {
        String stored = encoder.encode("s3cret");

        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(encoder.matches("s3cret", stored)).isTrue();

        assertThat(bcrypt.checks).hasValue(1);
    }

    @Test
    void aWrongPasswordIsRefusedAndGoesToBCryptEveryTime() {
        String stored = encoder.encode("s3cret");
        assertThat(encoder.matches("s3cret", stored)).isTrue();

        assertThat(encoder.matches("guess", stored)).isFalse();
        assertThat(encoder.matches("guess", stored)).isFalse();

        assertThat(bcrypt.checks).hasValue(3);
    }

    @Test
    void aChangedStoredHashIsNotSatisfiedByTheMemory() {
        String before = encoder.encode("old-password");
        assertThat(encoder.matches("old-password", before)).isTrue();
        String after = encoder.encode("new-password");

        assertThat(encoder.matches("old-password", after)).isFalse();
        assertThat(encoder.matches("new-password", after)).isTrue();
        assertThat(bcrypt.checks).hasValue(3);
    }

    @Test
    void theMemoryIsBoundedAndForgetsTheLeastRecentlyUsed() {
        String first = encoder.encode("first");
        assertThat(encoder.matches("first", first)).isTrue();
        for (int i = 0; i < 10; i++) {
            String other = encoder.encode("other-" + i);
            assertThat(encoder.matches("other-" + i, other)).isTrue();
        }
        int checks = bcrypt.checks.get();

        assertThat(encoder.matches("first", first)).isTrue();

        assertThat(bcrypt.checks).hasValue(checks + 1);
    }

    @Test
    void whetherAStoredHashNeedsAnUpgradeFollowsThatHashEvenWhenTheAnswerIsKept() {
        BCryptPasswordEncoder strong = new BCryptPasswordEncoder(10);
        RememberingPasswordEncoder remembering = new RememberingPasswordEncoder(strong, 10);
        String weak = new BCryptPasswordEncoder(4).encode("s3cret");
        String current = strong.encode("s3cret");

        assertThat(remembering.upgradeEncoding(weak)).isTrue();
        assertThat(remembering.upgradeEncoding(weak)).isTrue();
        assertThat(remembering.upgradeEncoding(current)).isFalse();
        assertThat(remembering.upgradeEncoding(current)).isFalse();
        assertThat(remembering.upgradeEncoding(weak)).isTrue();
    }
}
