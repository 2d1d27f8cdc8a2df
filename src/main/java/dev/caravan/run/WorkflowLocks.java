package dev.caravan.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * A lock per workflow id, held by whatever loads or unloads a workflow's routes or changes which
 * of its revisions is current: a deploy, an undeploy, loading a stored revision again, catching up
 * with the store, retiring a revision ({@link WorkflowCatalog} says why). Reentrant, since a
 * deploy retires, under its lock, the revision it replaced.
 */
@Component
class WorkflowLocks {

    /** The lock of each workflow id ever seen here; never removed, as ids are few. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T withLock(String workflowId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(workflowId, id -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
