import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * The load of {@code bench/run --profile}: one workflow through the API ({@code "wait": true}) at a
 * fixed number of runs in flight for a while, then the runs per second. Run once to warm Caravan
 * up and once while it is recorded; the script reads Caravan's CPU time around the second.
 */
public final class ProfileLoad {

    private ProfileLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String workflow = env.getOrDefault("BENCH_PROFILE_WORKFLOW", "bench-seq5-zero");
        int inFlight = Integer.parseInt(env.getOrDefault("BENCH_PROFILE_IN_FLIGHT", "16"));
        // "false" profiles run starts: each request is answered once the run is stored, not ended
        boolean wait = !"false".equals(env.get("BENCH_PROFILE_WAIT"));
        Duration duration = Duration.ofSeconds(Long.parseLong(args[0]));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        CaravanApi caravan = new CaravanApi(http, env.get("BENCH_CARAVAN_URL"), env.get("BENCH_ADMIN_PASSWORD"));

        Load.Outcome<String> outcome = Load.closedLoop(inFlight, duration, () -> caravan.execute(workflow, wait));
        // the runs that ended, for the script's CPU per run; the rest goes to the log
        System.out.println(outcome.results().size());
        System.err.printf("bench: %s at %d in flight for %s: %d runs (%.1f/s), %d errors %s%n", workflow, inFlight,
                duration, outcome.results().size(), outcome.perSecond(), outcome.failures(), outcome.errors());
    }
}
