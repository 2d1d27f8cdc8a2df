package dev.caravan.trigger;

import dev.caravan.definition.TriggerPolicy;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.util.URISupport;

/**
 * Caravan's rules for trigger URIs. A workflow file must not be able to read the machine or reach
 * into Caravan, so a trigger may use only an allowed component ({@code caravan.triggers.allowed});
 * may not hold property placeholders (they would read Caravan's settings), expressions, or bean
 * references (they would reach Caravan's beans, or build objects of any class); a {@code file:}
 * trigger reads only under {@code caravan.triggers.file-root}, and none of its options points out
 * of its folder. What is left is checked as Camel reads it: known options, values of the right type.
 */
final class TriggerUriPolicy implements TriggerPolicy {

    static final String FILE = "file";
    static final String REDIS = "spring-redis";
    private static final Set<String> REDIS_COMMANDS = Set.of("SUBSCRIBE", "PSUBSCRIBE");

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:[/\\\\].*");

    private final TriggerProperties settings;
    private final CamelUriCheck camel;
    private final boolean redisConfigured;

    TriggerUriPolicy(TriggerProperties settings, CamelUriCheck camel, boolean redisConfigured) {
        this.settings = settings;
        this.camel = camel;
        this.redisConfigured = redisConfigured;
    }

    @Override
    public List<String> problemsOf(String uri) {
        Optional<String> scheme = schemeOf(uri);
        if (scheme.isEmpty()) {
            return List.of("expected a Camel endpoint URI, like timer:tick?period=60000");
        }
        String component = scheme.get();
        Optional<String> refused = refusal(component);
        if (refused.isPresent()) {
            return List.of(refused.get());
        }
        Map<String, Object> options;
        try {
            options = options(uri);
        } catch (URISyntaxException e) {
            return List.of("not a Camel endpoint URI: " + e.getMessage());
        }
        List<String> problems = sandbox(uri, options);
        if (!problems.isEmpty()) {
            // how Camel would read a placeholder or a reference is beside the point
            return problems;
        }
        Verdict own = switch (component) {
            case FILE -> fileRules(uri, options);
            case REDIS -> redisRules(options);
            default -> Verdict.NONE;
        };
        camel.problemsOf(uri, component).stream()
                .filter(problem -> problem.option() == null || !own.judged().contains(problem.option()))
                .forEach(problem -> problems.add(problem.message()));
        problems.addAll(own.problems());
        return problems;
    }

    /**
     * What Caravan's rules for one component found, and the options they judge in Camel's place
     * (whose message would then say the same less well).
     */
    private record Verdict(List<String> problems, Set<String> judged) {
        static final Verdict NONE = new Verdict(List.of(), Set.of());
    }

    /** Why the component cannot be a trigger at all, if it cannot. */
    private Optional<String> refusal(String component) {
        if (!settings.allowed().contains(component)) {
            return Optional.of("'" + component + "' is not a component triggers may use; allowed: "
                    + String.join(", ", settings.allowed().stream().sorted().toList()) + " (caravan.triggers.allowed)");
        }
        Optional<ComponentModel> model = camel.component(component);
        if (model.isEmpty()) {
            return Optional.of("component '" + component + "' is allowed but not part of this Caravan");
        }
        if (model.get().isProducerOnly()) {
            return Optional.of("component '" + component + "' only sends messages: it cannot be a trigger");
        }
        return Optional.empty();
    }

    static Optional<String> schemeOf(String uri) {
        var matcher = SCHEME.matcher(uri);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The query's options as Camel's runtime reads them ({@code RAW(...)} kept whole). */
    static Map<String, Object> options(String uri) throws URISyntaxException {
        String query = URISupport.extractQuery(uri);
        return query == null ? Map.of() : Collections.unmodifiableMap(URISupport.parseQuery(query, true));
    }

    private static List<String> sandbox(String uri, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        if (uri.contains("{{")) {
            problems.add("property placeholders ({{...}}) are not allowed in a trigger: they would read Caravan's settings");
        }
        if (uri.contains("${") || uri.contains("$simple{")) {
            problems.add("expressions (${...}) are not allowed in a trigger's options");
        }
        options.forEach((option, value) -> {
            if (String.valueOf(value).startsWith("#")) {
                problems.add("option '" + option + "' refers to a bean (" + value + "): a trigger may not reach Caravan's beans");
            }
        });
        return problems;
    }

    /** The folder must be under the file root, no option may point out of it, and moveFailed is Caravan's. */
    private Verdict fileRules(String uri, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        String directory = camel.properties(uri).get("directoryName");
        if (directory != null && !isUnderRoot(directory)) {
            problems.add("the folder '" + directory + "' is outside the folder triggers may read, " + settings.fileRoot()
                    + " (caravan.triggers.file-root); write a folder inside it, like file:orders");
        }
        if (options.containsKey(TriggerEndpoints.MOVE_FAILED)) {
            problems.add("moveFailed is Caravan's: a file that starts no run goes to "
                    + TriggerEndpoints.REJECTED_FOLDER + "/ in its folder, with the reason beside it");
        }
        options.forEach((option, value) -> {
            if (!option.equals(TriggerEndpoints.MOVE_FAILED) && pointsOutside(String.valueOf(value))) {
                problems.add("option '" + option + "' points out of the trigger's folder ('" + value
                        + "'); write a path inside it, without ..");
            }
        });
        return new Verdict(problems, Set.of(TriggerEndpoints.MOVE_FAILED));
    }

    boolean isUnderRoot(String directory) {
        return resolve(directory).startsWith(settings.fileRoot());
    }

    /** A trigger's folder: relative to the file root, or absolute. */
    Path resolve(String directory) {
        return settings.fileRoot().resolve(directory).normalize();
    }

    private static boolean pointsOutside(String value) {
        if (value.startsWith("/") || value.startsWith("\\") || DRIVE.matcher(value).matches()) {
            return true;
        }
        for (String segment : value.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Caravan's Redis carries the subscription; only pub/sub commands read from it. */
    private Verdict redisRules(Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        if (!redisConfigured) {
            problems.add("a spring-redis trigger subscribes through Caravan's Redis, and none is configured: set REDIS_URL");
        }
        if (!options.containsKey("channels")) {
            problems.add("missing option 'channels': the Redis channels to subscribe to, like channels=orders");
        }
        Object command = options.get("command");
        if (command != null && !REDIS_COMMANDS.contains(String.valueOf(command))) {
            problems.add("option 'command' is '" + command + "': a trigger subscribes, with SUBSCRIBE (the default) or PSUBSCRIBE");
        }
        return new Verdict(problems, Set.of("command"));
    }
}
