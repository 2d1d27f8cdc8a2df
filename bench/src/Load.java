import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: {@code inFlight} workers, each starting its next task as soon as its last one
 * ended, until the time is up. So "in flight" is exact: never more, never fewer, the way a fixed
 * number of concurrent clients behaves. Workers are virtual threads, so 256 of them cost nothing.
 */
final class Load {

    /** One task: returns what it measured, or throws when it failed. */
    interface Task<T> {
        T call() throws Exception;
    }

    /** What a load produced: the results of the tasks that succeeded, the failures, the time it took. */
    record Outcome<T>(List<T> results, int failures, List<String> errors, long elapsedNanos) {
        double perSecond() {
            return results.size() / (elapsedNanos / 1e9);
        }
    }

    private Load() {
    }

    static <T> Outcome<T> closedLoop(int inFlight, Duration duration, Task<T> task) throws InterruptedException {
        List<T> results = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        results.add(task.call());
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 5) {
                            errors.add(e.toString());
                        }
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        // the clock stops when the last task ended, not at the deadline: every result counted is inside it
        long elapsed = System.nanoTime() - start;
        return new Outcome<>(List.copyOf(results), failures.get(), List.copyOf(errors), elapsed);
    }

    /** Runs {@code count} tasks all at once (open load: one virtual thread each). */
    static <T> Outcome<T> allAtOnce(int count, Task<T> task) throws InterruptedException {
        List<T> results = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    results.add(task.call());
                } catch (Exception e) {
                    if (failures.incrementAndGet() <= 5) {
                        errors.add(e.toString());
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Outcome<>(List.copyOf(results), failures.get(), List.copyOf(errors), System.nanoTime() - start);
    }
}
