package dev.caravan.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.Map;

/**
 * A trigger message's body as a run's params: a JSON object. No body at all (a timer's tick, an
 * empty file) means no params, so the workflow's defaults apply; anything else that is not one
 * JSON object is refused with the reason.
 */
final class TriggerBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int SHOWN = 80;

    private TriggerBody() {
    }

    /**
     * @throws TriggerRejectedException when the body is not one JSON object
     */
    static Map<String, Object> params(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TriggerRejectedException("the message is not JSON (" + e.getOriginalMessage() + "): " + shown(body));
        }
        if (!tree.isObject()) {
            throw new TriggerRejectedException("the message is JSON but not an object, and a run's params are one, "
                    + "like {\"key\": \"value\"}: " + shown(body));
        }
        return JSON.convertValue(tree, new TypeReference<Map<String, Object>>() { });
    }

    private static String shown(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= SHOWN ? line : line.substring(0, SHOWN) + "...";
    }
}
