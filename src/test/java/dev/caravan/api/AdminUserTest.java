package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class AdminUserTest {

    private final AtomicInteger hashes = new AtomicInteger();
    private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            hashes.incrementAndGet();
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return bcrypt.matches(raw, encoded);
        }
    };

    @Test
    void thePasswordIsHashedOnceAtTheFirstSignInNotBefore() {
        AdminUser users = new AdminUser("s3cret", counting);
        assertThat(hashes).as("nothing hashed while Caravan starts").hasValue(0);

        UserDetails admin = users.loadUserByUsername("admin");
        users.loadUserByUsername("Admin");

        assertThat(hashes).hasValue(1);
        assertThat(bcrypt.matches("s3cret", admin.getPassword())).isTrue();
        assertThat(bcrypt.matches("wrong", admin.getPassword())).isFalse();
        assertThat(admin.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
    }

    @Test
    void eachSignInGetsItsOwnCopyForSpringSecurityToErase() {
        AdminUser users = new AdminUser("s3cret", counting);

        ((CredentialsContainer) users.loadUserByUsername("admin")).eraseCredentials();

        assertThat(bcrypt.matches("s3cret", users.loadUserByUsername("admin").getPassword())).isTrue();
    }

    @Test
    void anyOtherNameIsUnknown() {
        AdminUser users = new AdminUser("s3cret", counting);

        assertThatThrownBy(() -> users.loadUserByUsername("root")).isInstanceOf(UsernameNotFoundException.class);
        assertThatThrownBy(() -> users.loadUserByUsername(null)).isInstanceOf(UsernameNotFoundException.class);
    }
}
