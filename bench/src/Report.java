import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's figures: one row per figure, Caravan's value beside the lower bounds measured in the
 * same run and their ratio. Printed as a Markdown table, written as JSON.
 */
final class Report {

    /**
     * One figure. {@code floor} is the lower bound it is divided by; {@code rawCalls} the
     * agent-calls-only bound where there is one (else null); {@code ratio} is {@code caravan / floor}.
     */
    record Row(String key, String figure, String unit, Double caravan, Double floor, String floorName,
            Double rawCalls, String target, Boolean met) {

        Double ratio() {
            return Stats.ratio(caravan, floor);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.out.println("  " + row.figure() + ": " + format(row.caravan()) + " " + row.unit()
                + " (" + row.floorName() + " " + format(row.floor()) + ", ratio " + format(row.ratio()) + ")");
    }

    List<Row> rows() {
        return rows;
    }

    /** Keys of the rows that lack a number: a figure the harness failed to produce. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Row row : rows) {
            if (!isNumber(row.caravan()) || !isNumber(row.floor()) || (row.floor() != 0 && !isNumber(row.ratio()))) {
                missing.add(row.key());
            }
        }
        return missing;
    }

    String markdown() {
        StringBuilder table = new StringBuilder(
                "| figure | Caravan | lower bound (same run) | raw calls | Caravan ÷ bound | target | met |\n"
                        + "| --- | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Row row : rows) {
            table.append("| ").append(row.figure())
                    .append(" | ").append(format(row.caravan())).append(' ').append(row.unit())
                    .append(" | ").append(format(row.floor())).append(' ').append(row.unit()).append(" (").append(row.floorName()).append(')')
                    .append(" | ").append(row.rawCalls() == null ? "—" : format(row.rawCalls()) + " " + row.unit())
                    .append(" | ").append(row.ratio() == null ? "—" : format(row.ratio()) + "×")
                    .append(" | ").append(row.target() == null ? "—" : row.target())
                    .append(" | ").append(row.met() == null ? "—" : row.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return table.toString();
    }

    static String format(Double value) {
        if (value == null || value.isNaN()) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private static boolean isNumber(Double value) {
        return value != null && !value.isNaN() && !value.isInfinite();
    }

    /** A minimal JSON writer for maps, lists, strings, numbers, booleans and null: all the bench writes. */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        if (value == null || value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Row row) {
            java.util.LinkedHashMap<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("key", row.key());
            fields.put("figure", row.figure());
            fields.put("unit", row.unit());
            fields.put("caravan", row.caravan());
            fields.put("floor", row.floor());
            fields.put("floorName", row.floorName());
            fields.put("rawCalls", row.rawCalls());
            fields.put("ratio", row.ratio());
            fields.put("target", row.target());
            fields.put("met", row.met());
            write(out, fields, indent);
        } else if (value instanceof Map<?, ?> map) {
            out.append("{\n");
            String inner = indent + "  ";
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(inner).append(quote(String.valueOf(entry.getKey()))).append(": ");
                write(out, entry.getValue(), inner);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                write(out, list.get(i), indent);
                if (i + 1 < list.size()) {
                    out.append(", ");
                }
            }
            out.append(']');
        } else {
            out.append(quote(String.valueOf(value)));
        }
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
