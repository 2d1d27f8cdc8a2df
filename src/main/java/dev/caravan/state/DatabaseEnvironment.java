package dev.caravan.state;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code DATABASE_URL} (or, without it, the embedded default) into Spring's datasource
 * settings, before anything connects. An explicit {@code spring.datasource.url} wins.
 */
public class DatabaseEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (hasText(environment.getProperty("spring.datasource.url"))) {
            return;
        }
        String configured = environment.getProperty("DATABASE_URL");
        DatabaseUrl database = hasText(configured)
                ? DatabaseUrl.parse(configured)
                : DatabaseUrl.embedded(environment.getProperty("caravan.data-dir", "data"));
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.datasource.url", database.jdbcUrl());
        if (database.username() != null) {
            settings.put("spring.datasource.username", database.username());
        }
        if (database.password() != null) {
            settings.put("spring.datasource.password", database.password());
        }
        environment.getPropertySources().addLast(new MapPropertySource("caravanDatabase", settings));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
