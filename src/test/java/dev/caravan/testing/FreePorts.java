package dev.caravan.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts (Caravan, its demo fleet, a process under test), handed out once
 * per test JVM. They are taken below Linux's ephemeral range (32768 and up, where outgoing
 * connections get their local ports and {@code new ServerSocket(0)} picks too), so that a port
 * found free is not taken by some connection before the server under test binds it.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int COUNT = 12_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port nothing listens on now, and that this JVM has not handed out before. */
    public static int next() {
        for (int tries = 0; tries < 1_000; tries++) {
            int candidate = LOWEST + ThreadLocalRandom.current().nextInt(COUNT);
            if (!HANDED_OUT.contains(candidate) && bindable(candidate) && HANDED_OUT.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + (LOWEST + COUNT));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
