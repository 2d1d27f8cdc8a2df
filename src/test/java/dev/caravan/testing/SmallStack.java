package dev.caravan.testing;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Work done on a thread with a stack of 256 KB: a walk that recurses once per step of a long chain
 * overflows it at a few thousand steps, where a thread's default stack takes tens of thousands.
 */
public final class SmallStack {

    private SmallStack() {
    }

    /** What the work returned, or what it threw (a {@link StackOverflowError} among others). */
    public static Object outcomeOf(Supplier<?> work) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(work.get());
            } catch (Throwable failure) {
                outcome.set(failure);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the small stack's work", e);
        }
        return outcome.get();
    }
}
