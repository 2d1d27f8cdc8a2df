package dev.caravan.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values of a JSON tree, for params: maps keep the written order, every map and list is
 * unmodifiable, numbers are {@code Integer}, {@code Long} or {@code Double} as for any JSON.
 */
final class TreeValues {

    private TreeValues() {
    }

    /** The entries of an object node, empty for anything else. */
    static Map<String, Object> map(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(entry -> map.put(entry.getKey(), value(entry.getValue())));
        return Collections.unmodifiableMap(map);
    }

    static Object value(JsonNode node) {
        if (node.isObject()) {
            return map(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return Collections.unmodifiableList(list);
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : node.canConvertToLong() ? node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }
}
