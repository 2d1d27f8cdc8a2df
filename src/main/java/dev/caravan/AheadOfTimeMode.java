package dev.caravan;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Chooses, once the settings are read and before any bean is defined, whether Caravan starts in
 * Spring's ahead-of-time mode: the bean definitions the build worked out ({@code process-aot}), as
 * code in the jar, instead of some 350 configuration classes read and their conditions evaluated
 * at every start. That is a second of an 8-second start-up on a 2-core machine
 * (docs/performance.md, "Start-up").
 *
 * <p>The mode's price is that the build decided which beans exist: a setting that turns one of
 * Spring Boot's, Camel's or Hawtio's features on or off (a separate management port, another
 * actuator endpoint exposed, a profile) would be ignored without a word. So the mode is on only
 * when nothing the build decided can be decided differently:
 * <ul>
 *   <li>Caravan runs from a jar, or a jar exploded, whose generated code was built with its classes
 *       (in a folder of classes, as {@code ./mvnw spring-boot:run} runs it, that code may be older
 *       than the rest);</li>
 *   <li>no setting from outside the jar (environment, system properties, arguments, a config file)
 *       is under one of those libraries' prefixes, apart from a few that are only values read at
 *       start-up ({@link #READ_AT_START_UP}). Caravan's own settings ({@code CARAVAN_*},
 *       {@code DATABASE_URL}, {@code REDIS_URL}, {@code PORT}) never switch a bean: its choices
 *       are made at start-up (the demo fleet's, say).</li>
 * </ul>
 * Otherwise Caravan starts as Spring always does, and says which setting made it so.
 * {@code spring.aot.enabled} ({@code SPRING_AOT_ENABLED}) set either way decides instead.
 */
final class AheadOfTimeMode implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String PROPERTY = "spring.aot.enabled";

    private static final Logger LOG = LoggerFactory.getLogger(AheadOfTimeMode.class);

    /** Prefixes of the settings that conditions of the libraries' auto-configuration read. */
    private static final List<String> SWITCH_PREFIXES = List.of(
            "spring.", "management.", "server.", "camel.", "hawtio.", "jolokia.", "resilience4j.");

    /**
     * Variables that switch features without a prefix: Cloud Foundry's, which turn on Boot's
     * actuator support for that platform (Kubernetes' turn on the health probes, which
     * application.yml turns on anyway).
     */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("VCAP_APPLICATION", "VCAP_SERVICES");

    /**
     * Settings under those prefixes that only carry a value, read when the beans are made (in the
     * uniform form of {@link #uniform}: lower case, no dashes).
     */
    private static final Set<String> READ_AT_START_UP = Set.of(
            PROPERTY, "server.port", "server.address",
            "spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
            "spring.flyway.schemas", "spring.flyway.defaultschema",
            "spring.output.ansi.enabled", "spring.main.bannermode");

    /**
     * Property sources that are not the user's: the jar's own application.yml (the build read it
     * too), the datasource settings Caravan derives from {@code DATABASE_URL}, Spring Boot's own
     * ({@code spring.application.pid}, ...), and Spring's view of all the others.
     */
    private static final Set<String> NOT_THE_USERS = Set.of("caravanDatabase", "applicationInfo",
            "configurationProperties");

    private final Class<?> application;
    /**
     * The system properties set before Spring started, from the command line: Spring and Camel
     * set some of their own later ({@code spring.application.pid}, {@code camel.threads.virtual.enabled}).
     */
    private final Set<String> givenSystemProperties;

    /** Made before the application runs, so that it knows which system properties were given. */
    AheadOfTimeMode(Class<?> application) {
        this.application = application;
        this.givenSystemProperties = Set.copyOf(System.getProperties().stringPropertyNames());
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (SpringProperties.getProperty(PROPERTY) != null) {
            return; // -Dspring.aot.enabled: Spring reads it itself
        }
        ConfigurableEnvironment environment = event.getEnvironment();
        String chosen = environment.getProperty(PROPERTY);
        if ("true".equalsIgnoreCase(chosen) || "false".equalsIgnoreCase(chosen)) {
            SpringProperties.setProperty(PROPERTY, chosen);
            return;
        }
        if (chosen != null) {
            // a speed setting, no state at stake: said, then chosen as if it were not set
            LOG.warn("{} is '{}', neither true nor false: ignored, Caravan chooses the mode itself", PROPERTY, chosen);
        }
        if (!runsFromAJarWithGeneratedCode()) {
            return;
        }
        List<String> switches = switchesSet(environment, givenSystemProperties);
        if (switches.isEmpty()) {
            SpringProperties.setProperty(PROPERTY, "true");
        } else {
            LOG.info("Starting without Spring's ahead-of-time mode (about a second slower): {} may switch a feature"
                    + " that the build decided on. Set SPRING_AOT_ENABLED=true to start in it anyway.",
                    String.join(", ", switches));
        }
    }

    boolean runsFromAJarWithGeneratedCode() {
        CodeSource source = application.getProtectionDomain().getCodeSource();
        return source != null && isPackaged(source.getLocation())
                && ClassUtils.isPresent(application.getName() + "__ApplicationContextInitializer",
                        application.getClassLoader());
    }

    /**
     * Whether classes from there were packaged by the build, with the code generated for them: a
     * jar (nested in Caravan's, or unpacked beside its libraries as bin/aot-cache does), or the
     * classes folder of Caravan's jar exploded (as some container builders run it). Any other
     * folder, {@code target/classes} above all, may hold generated code older than the classes.
     */
    static boolean isPackaged(URL location) {
        return location != null
                && (location.toString().contains(".jar") || location.getPath().endsWith("/BOOT-INF/classes/"));
    }

    /** The settings from outside the jar that may switch a feature, as the user wrote them. */
    static List<String> switchesSet(ConfigurableEnvironment environment, Set<String> givenSystemProperties) {
        List<String> switches = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable) || !isTheUsers(source)) {
                continue;
            }
            boolean variables = source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
            boolean systemProperties = source.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
            for (String name : enumerable.getPropertyNames()) {
                if (systemProperties && !givenSystemProperties.contains(name)) {
                    continue;
                }
                if (isSwitch(uniform(name, variables)) || variables && PLATFORM_VARIABLES.contains(name)) {
                    switches.add(name);
                }
            }
        }
        return switches;
    }

    /**
     * A setting's name as Spring's relaxed binding compares them: a variable's underscores are
     * dots and dashes count for nothing, so {@code SPRING_MAIN_BANNERMODE} and
     * {@code spring.main.banner-mode} are both {@code spring.main.bannermode}.
     */
    static String uniform(String name, boolean environmentVariable) {
        String lower = name.toLowerCase(Locale.ROOT).replace("-", "");
        return environmentVariable ? lower.replace('_', '.') : lower;
    }

    private static boolean isTheUsers(PropertySource<?> source) {
        return !NOT_THE_USERS.contains(source.getName()) && !source.getName().contains("class path resource");
    }

    private static boolean isSwitch(String key) {
        return SWITCH_PREFIXES.stream().anyMatch(key::startsWith) && !READ_AT_START_UP.contains(key)
                && !key.startsWith("spring.datasource.hikari.");
    }
}
