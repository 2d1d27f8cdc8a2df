package dev.caravan.definition;

import static dev.caravan.definition.ControlBinder.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code triggers:}: a list of {@code { uri, id? }}. An unwritten id is the trigger's 1-based
 * position, which no written id (a letter first) can be; ids are unique within the workflow.
 */
final class TriggerBinder {

    private final SourceMap positions;
    private final Problems problems;

    TriggerBinder(SourceMap positions, Problems problems) {
        this.positions = positions;
        this.problems = problems;
    }

    List<TriggerDefinition> triggers(JsonNode list, String path) {
        List<TriggerDefinition> triggers = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return triggers;
        }
        Map<String, SourcePosition> ids = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode trigger = list.get(i);
            String uri = trigger.isObject() ? text(trigger, "uri") : null;
            if (uri == null) {
                continue; // the schema reported the missing or mistyped uri
            }
            String itemPath = SourceMap.item(path, i);
            String written = text(trigger, "id");
            String id = written == null ? String.valueOf(i + 1) : written;
            SourcePosition at = positions.valueAt(written == null ? itemPath : SourceMap.child(itemPath, "id"));
            SourcePosition first = ids.putIfAbsent(id, at);
            if (first != null) {
                problems.add(at, "duplicate trigger id '" + id + "' (also at line " + first.line() + ")");
            }
            triggers.add(new TriggerDefinition(id, uri, positions.valueAt(itemPath)));
        }
        return triggers;
    }
}
