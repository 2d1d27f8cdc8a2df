package dev.caravan.state;

import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.internal.scanner.Scanner;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Finds the migrations with Flyway's own scanner, in both of Spring's modes.
 *
 * <p>Without it, Spring Boot 3.5 in its ahead-of-time mode (the fast start, docs/performance.md)
 * installs a scanner of its own built against Flyway 11's constructor, and Caravan, on Flyway 13
 * (STACK.md), fails at start-up with a {@code NoSuchMethodError}. Boot keeps a scanner that is
 * already set, so setting the one Flyway itself would use avoids that and changes nothing else:
 * every {@code spring.flyway.*} setting still applies. The scanner is Flyway's internal class: a
 * Flyway upgrade that changes it breaks the build here, not a start-up.
 */
@Configuration(proxyBeanMethods = false)
class FlywayScanning {

    @Bean
    FlywayConfigurationCustomizer flywaysOwnScanner() {
        return configuration -> configuration.resourceProvider(
                new Scanner<>(JavaMigration.class, configuration, configuration.getLocations()));
    }
}
