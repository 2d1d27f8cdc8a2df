import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of {@code bench/run --profile} and prints where Caravan's CPU went, as
 * shares of its execution samples: by kind of thread, by entry point, by library and by method (the
 * innermost frame that is not the JDK's), and the methods most often on the stack (inclusive),
 * Caravan's own apart. A second argument keeps only the samples with a frame whose class or
 * method name contains it ({@code SocketProcessorBase}: the API requests' share).
 */
public final class ProfileSummary {

    /** Libraries by package prefix, most specific first; a frame of none of them is "other". */
    private static final List<String[]> LIBRARIES = List.of(
            new String[] {"dev.caravan.", "Caravan"},
            new String[] {"org.apache.camel.component.http.", "Camel HTTP component"},
            new String[] {"org.apache.camel.component.resilience4j.", "Camel circuit breaker"},
            new String[] {"org.apache.camel.", "Camel"},
            new String[] {"org.apache.hc.", "Apache HTTP client"},
            new String[] {"io.github.resilience4j.", "resilience4j"},
            new String[] {"com.fasterxml.jackson.", "Jackson"},
            new String[] {"org.postgresql.", "PostgreSQL driver"},
            new String[] {"com.zaxxer.hikari.", "HikariCP"},
            new String[] {"org.springframework.security.", "Spring Security"},
            new String[] {"org.springframework.", "Spring"},
            new String[] {"org.apache.catalina.", "Tomcat"},
            new String[] {"org.apache.coyote.", "Tomcat"},
            new String[] {"org.apache.tomcat.", "Tomcat"},
            new String[] {"ch.qos.logback.", "logback"},
            new String[] {"io.micrometer.", "Micrometer"},
            new String[] {"org.yaml.snakeyaml.", "SnakeYAML"});

    private ProfileSummary() {
    }

    public static void main(String[] args) throws Exception {
        List<RecordedStackTrace> samples = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null
                    && (args.length < 2 || mentions(event.getStackTrace(), args[1]))) {
                samples.add(event.getStackTrace());
                RecordedThread thread = event.getThread("sampledThread");
                threads.add(thread == null ? "?" : threadKind(thread));
            }
        }
        System.out.printf("%d execution samples%n", samples.size());
        print("By thread", count(threads), samples.size(), 12);
        print("By entry (outermost frame outside the JDK)", outermost(samples), samples.size(), 12);
        print("By library (innermost frame outside the JDK)", byLibrary(samples), samples.size(), 20);
        print("By method (innermost frame outside the JDK)", innermost(samples), samples.size(), 30);
        print("On the stack, Caravan's own methods (inclusive)", inclusive(samples, "dev.caravan."), samples.size(), 25);
        print("On the stack, any method outside the JDK (inclusive)", inclusive(samples, ""), samples.size(), 40);
    }

    /** Whether a frame of the stack is of a type or method whose name contains {@code text}. */
    private static boolean mentions(RecordedStackTrace stack, String text) {
        for (RecordedFrame frame : stack.getFrames()) {
            if ((typeOf(frame) + "." + (frame.getMethod() == null ? "" : frame.getMethod().getName())).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Threads grouped by what they are: virtual (the runs), or a pool's name without its number. */
    private static String threadKind(RecordedThread thread) {
        if (thread.isVirtual()) {
            return "virtual threads (runs, agent calls)";
        }
        String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
        return name == null ? "?" : name.replaceAll("[-#]?\\d+", "");
    }

    private static Map<String, Integer> byLibrary(List<RecordedStackTrace> samples) {
        return tally(samples, stack -> firstOutsideJdk(stack.getFrames())
                .map(frame -> libraryOf(typeOf(frame))).orElse("JDK only"));
    }

    /** Where the sampled work came in: a run's thread, an API request, the committer... */
    private static Map<String, Integer> outermost(List<RecordedStackTrace> samples) {
        return tally(samples, stack -> firstOutsideJdk(stack.getFrames().reversed())
                .map(frame -> methodOf(frame) + (stack.isTruncated() ? " (stack truncated)" : "")).orElse("JDK only"));
    }

    private static Map<String, Integer> innermost(List<RecordedStackTrace> samples) {
        return tally(samples, stack -> firstOutsideJdk(stack.getFrames()).map(ProfileSummary::methodOf).orElse("JDK only"));
    }

    /** The first frame, in the order given, that is not the JDK's. */
    private static Optional<RecordedFrame> firstOutsideJdk(List<RecordedFrame> frames) {
        return frames.stream().filter(frame -> !isJdk(typeOf(frame))).findFirst();
    }

    private static String methodOf(RecordedFrame frame) {
        return shortName(typeOf(frame)) + "." + frame.getMethod().getName();
    }

    private static Map<String, Integer> tally(List<RecordedStackTrace> samples, Function<RecordedStackTrace, String> key) {
        return count(samples.stream().map(key).toList());
    }

    /** Each method counted once per sample it appears in, however deep or often. */
    private static Map<String, Integer> inclusive(List<RecordedStackTrace> samples, String prefix) {
        Map<String, Integer> counts = new HashMap<>();
        for (RecordedStackTrace stack : samples) {
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : stack.getFrames()) {
                String type = typeOf(frame);
                if (!isJdk(type) && type.startsWith(prefix)) {
                    seen.add(shortName(type) + "." + frame.getMethod().getName());
                }
            }
            seen.forEach(method -> counts.merge(method, 1, Integer::sum));
        }
        return counts;
    }

    private static String typeOf(RecordedFrame frame) {
        return frame.getMethod() == null ? "?" : frame.getMethod().getType().getName();
    }

    private static boolean isJdk(String type) {
        return type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")
                || type.startsWith("sun.") || type.startsWith("com.sun.") || type.equals("?");
    }

    private static String libraryOf(String type) {
        for (String[] library : LIBRARIES) {
            if (type.startsWith(library[0])) {
                return library[1];
            }
        }
        return "other (" + type.replaceAll("^((?:[^.]+\\.){2}[^.]+).*", "$1") + ")";
    }

    private static String shortName(String type) {
        return type.replaceAll("^(?:[a-z0-9_]+\\.)+", "");
    }

    private static Map<String, Integer> count(List<String> keys) {
        Map<String, Integer> counts = new HashMap<>();
        keys.forEach(key -> counts.merge(key, 1, Integer::sum));
        return counts;
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.printf("%n%s%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(entry -> System.out.printf("  %5.1f%%  %s%n", 100.0 * entry.getValue() / total, entry.getKey()));
    }
}
