package dev.caravan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Which settings keep Caravan out of Spring's ahead-of-time mode: those that may switch one of
 * the libraries' features, which the build decided on. Caravan's own settings, and the values
 * Spring reads when it makes the beans, do not. (That the jar starts in the mode, and that a
 * switch then takes effect, is checked on the jar itself: PackagedJarIT.)
 */
class AheadOfTimeModeTest {

    private static final String JARS_OWN_SETTINGS =
            "Config resource 'class path resource [application.yml]' via location 'optional:classpath:/'";
    private static final String USERS_FILE =
            "Config resource 'file [config/application.yml]' via location 'optional:file:./config/'";

    @AfterEach
    void forgetTheChoice() {
        SpringProperties.setProperty(AheadOfTimeMode.PROPERTY, null);
    }

    @Test
    void caravansOwnSettingsAndPlainValuesKeepTheMode() {
        StandardEnvironment environment = environment(Map.of(
                "PORT", "3020", "DATABASE_URL", "postgresql://caravan@db/caravan", "REDIS_URL", "redis://cache",
                "CARAVAN_AGENTS_FILE", "/etc/caravan/agents.yml", "SPRING_FLYWAY_SCHEMAS", "caravan",
                "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "20", "SERVER_PORT", "8080", "PATH", "/usr/bin"));
        environment.getPropertySources().addLast(new MapPropertySource(JARS_OWN_SETTINGS,
                Map.of("management.endpoints.web.exposure.include", "health,prometheus", "camel.main.name", "caravan")));

        assertThat(AheadOfTimeMode.switchesSet(environment, Set.of())).isEmpty();
    }

    @Test
    void aSwitchFromAnyOfTheUsersSourcesIsNamedAsTheUserWroteIt() {
        StandardEnvironment environment = environment(Map.of("MANAGEMENT_SERVER_PORT", "9090",
                "VCAP_APPLICATION", "{}"));
        MutablePropertySources sources = environment.getPropertySources();
        sources.addFirst(new SimpleCommandLinePropertySource("--server.servlet.context-path=/caravan"));
        sources.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new MapPropertySource(
                StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of(
                        "spring.profiles.active", "prod", "camel.threads.virtual.enabled", "true")));
        sources.addLast(new MapPropertySource(USERS_FILE, Map.of("hawtio.authenticationEnabled", "true")));

        // camel.threads.virtual.enabled: set by Camel while starting, not given on the command line
        assertThat(AheadOfTimeMode.switchesSet(environment, Set.of("spring.profiles.active"))).containsExactlyInAnyOrder(
                "server.servlet.context-path", "spring.profiles.active", "MANAGEMENT_SERVER_PORT", "VCAP_APPLICATION",
                "hawtio.authenticationEnabled");
    }

    /** As Spring binds variables: dashes dropped, underscores for dots ({@code SPRING_MAIN_BANNERMODE}). */
    @Test
    void namesCompareAsSpringBindsThem() {
        assertThat(AheadOfTimeMode.uniform("SPRING_MAIN_BANNERMODE", true)).isEqualTo("spring.main.bannermode");
        assertThat(AheadOfTimeMode.uniform("spring.main.banner-mode", false)).isEqualTo("spring.main.bannermode");
        assertThat(AheadOfTimeMode.switchesSet(environment(Map.of("SPRING_MAIN_BANNERMODE", "off")), Set.of()))
                .isEmpty();
    }

    @Test
    void fromAFolderOfClassesTheGeneratedCodeMayBeStaleSoTheModeStaysOff() {
        AheadOfTimeMode mode = new AheadOfTimeMode(CaravanApplication.class);

        mode.onApplicationEvent(prepared(environment(Map.of())));

        assertThat(mode.runsFromAJarWithGeneratedCode()).as("the tests run Caravan from target/classes").isFalse();
        assertThat(SpringProperties.getProperty(AheadOfTimeMode.PROPERTY)).isNull();
    }

    @Test
    void codePackagedByTheBuildIsAJarOrTheClassesOfAnExplodedOne() throws Exception {
        assertThat(AheadOfTimeMode.isPackaged(url("jar:file:/opt/caravan.jar!/BOOT-INF/classes/"))).isTrue();
        assertThat(AheadOfTimeMode.isPackaged(url("file:/opt/caravan/target/aot/caravan.jar"))).isTrue();
        assertThat(AheadOfTimeMode.isPackaged(url("file:/workspace/BOOT-INF/classes/"))).isTrue();
        assertThat(AheadOfTimeMode.isPackaged(url("file:/home/me/caravan/target/classes/"))).isFalse();
        assertThat(AheadOfTimeMode.isPackaged(null)).isFalse();
    }

    @Test
    void springAotEnabledSetEitherWayDecides() {
        AheadOfTimeMode mode = new AheadOfTimeMode(CaravanApplication.class);

        mode.onApplicationEvent(prepared(environment(Map.of("SPRING_AOT_ENABLED", "false"))));

        assertThat(SpringProperties.getProperty(AheadOfTimeMode.PROPERTY)).isEqualTo("false");
    }

    private static URL url(String text) throws Exception {
        return URI.create(text).toURL();
    }

    @Test
    void aValueThatIsNeitherTrueNorFalseIsIgnored() {
        AheadOfTimeMode mode = new AheadOfTimeMode(CaravanApplication.class);

        mode.onApplicationEvent(prepared(environment(Map.of("SPRING_AOT_ENABLED", "yes please"))));

        assertThat(SpringProperties.getProperty(AheadOfTimeMode.PROPERTY))
                .as("chosen as if unset: from target/classes, no mode").isNull();
    }

    /** An environment whose variables are {@code variables} and whose system properties are empty. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        sources.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of()));
        return environment;
    }

    private static ApplicationEnvironmentPreparedEvent prepared(StandardEnvironment environment) {
        return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
                new SpringApplication(CaravanApplication.class), new String[0], environment);
    }
}
