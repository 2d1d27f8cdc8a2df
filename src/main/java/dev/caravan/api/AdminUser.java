package dev.caravan.api;

import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.function.SingletonSupplier;

/**
 * Caravan's one user, {@code admin}, whose password is hashed (BCrypt) at the first sign-in rather
 * than while Caravan starts: the hash is a twentieth of a second of the start-up's busy main thread,
 * and a Caravan that is only scraped for metrics never needs it. Names compare without case, as
 * Spring's in-memory users do.
 */
final class AdminUser implements UserDetailsService {

    static final String NAME = "admin";

    private final Supplier<UserDetails> admin;

    AdminUser(String password, PasswordEncoder encoder) {
        this.admin = SingletonSupplier.of(() -> User.withUsername(NAME).password(encoder.encode(password))
                .roles("ADMIN").build());
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (username == null || !NAME.equals(username.toLowerCase(Locale.ROOT))) {
            throw new UsernameNotFoundException("no user " + username);
        }
        // a copy: Spring Security erases the password of what it authenticated with
        return User.withUserDetails(admin.get()).build();
    }
}
