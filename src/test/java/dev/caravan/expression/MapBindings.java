package dev.caravan.expression;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Bindings backed by a map, as a run would provide them; a key with a null value is a known name. */
record MapBindings(Map<String, Object> values) implements Bindings {

    static MapBindings of(Object... namesAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new MapBindings(values);
    }

    @Override
    public Optional<Object> resolve(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public Collection<String> names() {
        return values.keySet();
    }
}
