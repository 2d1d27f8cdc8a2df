package dev.caravan.state;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A write handed over to the {@link GroupCommitter}, the future its caller holds, and the futures
 * of earlier writes it must not be committed without ({@code after}).
 */
record PendingWrite<T>(Write<T> write, CompletableFuture<T> done, List<? extends CompletableFuture<?>> after) {

    PendingWrite(Write<T> write, CompletableFuture<T> done) {
        this(write, done, List.of());
    }

    /**
     * Why a write handed over earlier, that this one must follow, was not committed; or null. Exact
     * when asked by the committer: the earlier write was settled in an earlier group, or is settled
     * before this one when their group is committed again write by write.
     */
    Throwable failedBefore() {
        for (CompletableFuture<?> earlier : after) {
            if (earlier.state() == java.util.concurrent.Future.State.FAILED) {
                return earlier.exceptionNow();
            }
        }
        return null;
    }

    /** Runs the write; its caller is told (by the Runnable) once the group is committed. */
    Runnable runIn(JdbcTemplate jdbc) {
        T result = write.apply(jdbc);
        return () -> done.complete(result);
    }

    /** What the write changes: the write itself, or the change of a {@link Reported} write. */
    Write<?> change() {
        return write instanceof Reported<?, ?> reported ? reported.change() : write;
    }

    boolean reported() {
        return write instanceof Reported<?, ?>;
    }

    /** The report of a {@link Reported} write, once its change gave {@code changeResult}; or null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Batchable<?> report(Object changeResult) {
        return ((Reported) write).reportOf(changeResult);
    }

    /** Whether a batched part is the change's last, whose completion completes the change. */
    boolean isLastPart(Batchable<?> part) {
        Write<?> change = change();
        return change == part || change instanceof AllOf allOf && allOf.parts().getLast() == part;
    }

    /** Tells the caller its write's result once the group is committed: the change's, with the report's. */
    @SuppressWarnings("unchecked")
    Runnable completion(Object changeResult, Object reportResult) {
        Object result = reported() ? new Reported.Outcome<>(changeResult, reportResult) : changeResult;
        return () -> done.complete((T) result);
    }

    /** The change's batchable statements in their order, or none when it is no {@link Batchable}. */
    List<Batchable<?>> batchableParts() {
        return switch (change()) {
            case Batchable<?> batchable -> List.of(batchable);
            case AllOf allOf -> allOf.parts();
            default -> List.of();
        };
    }

    boolean appendOnly() {
        return write instanceof Batchable<?> batchable && batchable.appendOnly();
    }
}
