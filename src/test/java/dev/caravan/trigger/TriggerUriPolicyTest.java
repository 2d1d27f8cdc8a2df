package dev.caravan.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Caravan's rules for trigger URIs, with Camel's own reading of each component: what a workflow
 * may read from, and the exact reason when it may not.
 */
class TriggerUriPolicyTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();
    private static final CamelUriCheck CHECK = new CamelUriCheck(CAMEL);

    @TempDir
    static Path root;

    @AfterAll
    static void closeCamel() throws Exception {
        CAMEL.close();
    }

    private static TriggerUriPolicy policy(boolean redis, String... allowed) {
        List<String> components = allowed.length == 0 ? List.of("spring-redis", "file", "timer") : List.of(allowed);
        return new TriggerUriPolicy(new TriggerProperties(components, root, true), CHECK, redis);
    }

    private static List<String> problems(String uri) {
        return policy(true).problemsOf(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "spring-redis://redis:6379?channels=orders",
            "spring-redis://redis:6379?channels=orders.*&command=PSUBSCRIBE",
            "file:orders",
            "file:orders/eu?include=.*\\.json&delay=5000&recursive=true",
            "file:.",
            "timer:tick?period=60000",
            "timer:tick?period=5m&repeatCount=3"})
    void aUriOfAnAllowedComponentWithKnownOptionsIsAccepted(String uri) {
        assertThat(problems(uri)).isEmpty();
    }

    @Test
    void aComponentOutsideTheAllowListIsRefusedWithTheListAndItsSetting() {
        assertThat(problems("exec:rm?args=-rf /")).containsExactly(
                "'exec' is not a component triggers may use; allowed: file, spring-redis, timer (caravan.triggers.allowed)");
    }

    @Test
    void textThatIsNoUriIsRefused() {
        assertThat(problems("orders please")).containsExactly("expected a Camel endpoint URI, like timer:tick?period=60000");
    }

    @Test
    void anAllowedComponentMissingFromTheBuildOrThatOnlySendsIsRefused() {
        assertThat(policy(true, "kafka").problemsOf("kafka:orders"))
                .containsExactly("component 'kafka' is allowed but not part of this Caravan");
        assertThat(policy(true, "log").problemsOf("log:orders"))
                .containsExactly("component 'log' only sends messages: it cannot be a trigger");
    }

    @Test
    void aFolderOutsideTheFileRootIsRefused() {
        String expected = "the folder '%s' is outside the folder triggers may read, " + root
                + " (caravan.triggers.file-root); write a folder inside it, like file:orders";
        assertThat(problems("file:/etc")).containsExactly(expected.formatted("/etc"));
        assertThat(problems("file:../secrets")).containsExactly(expected.formatted("../secrets"));
        assertThat(problems("file:orders/../../secrets")).containsExactly(expected.formatted("orders/../../secrets"));
    }

    @Test
    void aFolderGivenAbsoluteInsideTheFileRootIsAccepted() {
        assertThat(problems("file:" + root.resolve("orders"))).isEmpty();
    }

    @Test
    void noFileOptionMayPointOutOfTheTriggersFolder() {
        assertThat(problems("file:orders?move=../../etc/cron.d")).containsExactly(
                "option 'move' points out of the trigger's folder ('../../etc/cron.d'); write a path inside it, without ..");
        assertThat(problems("file:orders?preMove=/tmp/elsewhere")).containsExactly(
                "option 'preMove' points out of the trigger's folder ('/tmp/elsewhere'); write a path inside it, without ..");
        assertThat(problems("file:orders?move=.done")).isEmpty();
    }

    @Test
    void moveFailedIsCaravansOwn() {
        assertThat(problems("file:orders?moveFailed=.errors")).containsExactly(
                "moveFailed is Caravan's: a file that starts no run goes to .rejected/ in its folder, with the reason beside it");
    }

    @Test
    void placeholdersExpressionsAndBeanReferencesAreRefused() {
        assertThat(problems("timer:{{caravan.security.admin-password}}")).containsExactly(
                "property placeholders ({{...}}) are not allowed in a trigger: they would read Caravan's settings");
        assertThat(problems("file:orders?fileName=${bean:caravanTriggers}")).containsExactly(
                "expressions (${...}) are not allowed in a trigger's options");
        assertThat(problems("spring-redis://redis:6379?channels=a&connectionFactory=#class:java.lang.ProcessBuilder"))
                .containsExactly("option 'connectionFactory' refers to a bean (#class:java.lang.ProcessBuilder): "
                        + "a trigger may not reach Caravan's beans");
    }

    @Test
    void optionsAreCheckedAsCamelReadsThem() {
        assertThat(problems("timer:tick?perod=5000")).containsExactly("unknown option 'perod' of timer (did you mean 'period'?)");
        assertThat(problems("timer:tick?period=soon")).containsExactly(
                "option 'period' is 'soon': expected a duration like 500, 30s or 5m");
        assertThat(problems("file:orders?noop=yes")).containsExactly("option 'noop' is 'yes': expected true or false");
        assertThat(problems("file:orders?fileExist=Override")).containsExactly(
                "option 'fileExist' of file applies to sending, not to a trigger");
        assertThat(problems("spring-redis://redis?channels=orders")).containsExactly(
                "missing required option 'port' of spring-redis");
    }

    @Test
    void aRedisTriggerSubscribesThroughCaravansRedis() {
        assertThat(policy(false).problemsOf("spring-redis://redis:6379?channels=orders")).containsExactly(
                "a spring-redis trigger subscribes through Caravan's Redis, and none is configured: set REDIS_URL");
        assertThat(problems("spring-redis://redis:6379")).containsExactly(
                "missing option 'channels': the Redis channels to subscribe to, like channels=orders");
        assertThat(problems("spring-redis://redis:6379?channels=orders&command=GET")).containsExactly(
                "option 'command' is 'GET': a trigger subscribes, with SUBSCRIBE (the default) or PSUBSCRIBE");
        assertThat(problems("spring-redis://redis:6379?channels=orders&command=NOPE")).containsExactly(
                "option 'command' is 'NOPE': a trigger subscribes, with SUBSCRIBE (the default) or PSUBSCRIBE");
    }

    @Test
    void theEndpointReadsTheFolderUnderTheRootAndMovesWhatItRejects() {
        TriggerEndpoints endpoints = new TriggerEndpoints(policy(true), CHECK);

        assertThat(endpoints.endpointUri("file:orders?include=.*\\.json"))
                .isEqualTo("file://" + root.resolve("orders") + "?include=.*%5C.json&moveFailed=.rejected");
        assertThat(endpoints.endpointUri("file:orders?noop=true"))
                .isEqualTo("file://" + root.resolve("orders") + "?noop=true");
    }

    @Test
    void theEndpointSubscribesAsTextThroughCaravansRedisConnection() {
        TriggerEndpoints endpoints = new TriggerEndpoints(policy(true), CHECK);

        assertThat(endpoints.endpointUri("spring-redis://redis:6379?channels=orders")).isEqualTo(
                "spring-redis://redis:6379?channels=orders&command=SUBSCRIBE&connectionFactory=%23caravanRedis"
                        + "&serializer=%23caravanRedisText");
        assertThat(endpoints.endpointUri("timer:tick?period=1000")).isEqualTo("timer:tick?period=1000");
    }
}
