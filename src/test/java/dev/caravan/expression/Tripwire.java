package dev.caravan.expression;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts every use of its constructor, static method and getter, so a test can prove that no
 * expression ever ran Java code. Public, so that a real SpEL evaluation could reach it.
 */
public class Tripwire {

    static final AtomicInteger FIRED = new AtomicInteger();

    public Tripwire() {
        FIRED.incrementAndGet();
    }

    public static int fire() {
        return FIRED.incrementAndGet();
    }

    public String getSecret() {
        FIRED.incrementAndGet();
        return "secret";
    }
}
