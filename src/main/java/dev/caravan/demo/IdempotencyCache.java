package dev.caravan.demo;

import dev.caravan.demo.DemoExchange.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers already given, per idempotency key, so that a retried call gets the same answer as a
 * real idempotent agent would give. Bounded: the least recently used key is forgotten first.
 */
final class IdempotencyCache {

    private final Map<String, Response> answers;

    IdempotencyCache(int capacity) {
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Response> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<Response> find(String key) {
        return Optional.ofNullable(answers.get(key));
    }

    /** Keeps the first answer for a key: a concurrent duplicate call gets that one, not its own. */
    synchronized Response remember(String key, Response response) {
        Response first = answers.putIfAbsent(key, response);
        return first != null ? first : response;
    }

    synchronized int size() {
        return answers.size();
    }
}
