package dev.caravan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Camel loads the route files that application.yml names one by one (a wildcard scanned the whole
 * jar at start-up): a file added under routes/ without being named there would silently not load.
 */
class RoutesIncludedTest {

    private static final String PROPERTY = "camel.main.routes-include-pattern";

    @Test
    void everyRouteFileIsNamedInTheSettingsAndEveryNamedFileExists() throws IOException {
        List<String> named = namedRouteFiles();

        assertThat(named).as("the files of routes/ that %s names, in application.yml", PROPERTY)
                .containsExactlyInAnyOrderElementsOf(routeFiles());
    }

    /** The setting as Camel gets it from Spring: one string, the patterns separated by commas. */
    private static List<String> namedRouteFiles() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        String patterns = Binder.get(environment).bind(PROPERTY, String.class).orElse("");
        return Arrays.stream(patterns.split(",")).filter(pattern -> !pattern.isEmpty())
                .map(pattern -> pattern.replaceFirst("^classpath:", "")).toList();
    }

    /** Every YAML file under the repository's routes/ folder, as its path on the classpath. */
    private static List<String> routeFiles() throws IOException {
        Path routes = Path.of("routes");
        try (Stream<Path> files = Files.walk(routes)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .map(file -> "routes/" + routes.relativize(file).toString().replace('\\', '/')).toList();
        }
    }
}
