package dev.caravan.expression;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps and lists as JSON for templates. Hand-written rather than Jackson so that no getter
 * of a bound object is ever called: values that are not data are written as their string form.
 */
final class JsonText {

    private JsonText() {
    }

    static String write(Object value) {
        StringBuilder json = new StringBuilder();
        append(json, value);
        return json.toString();
    }

    private static void append(StringBuilder json, Object value) {
        switch (value) {
            case null -> json.append("null");
            case Boolean bool -> json.append(bool);
            case Double number when !Double.isFinite(number) -> json.append("null");
            case Float number when !Float.isFinite(number) -> json.append("null");
            case Number number -> json.append(Values.text(number));
            case Map<?, ?> map -> appendMap(json, map);
            case List<?> list -> appendList(json, list);
            default -> appendString(json, String.valueOf(value));
        }
    }

    private static void appendMap(StringBuilder json, Map<?, ?> map) {
        json.append('{');
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            appendString(json, String.valueOf(entry.getKey()));
            json.append(':');
            append(json, entry.getValue());
            if (entries.hasNext()) {
                json.append(',');
            }
        }
        json.append('}');
    }

    private static void appendList(StringBuilder json, List<?> list) {
        json.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            append(json, list.get(i));
        }
        json.append(']');
    }

    private static void appendString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
