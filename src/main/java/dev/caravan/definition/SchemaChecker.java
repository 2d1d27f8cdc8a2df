package dev.caravan.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Stage two of parsing: the tree checked against {@link WorkflowSchema}. Each schema message is
 * placed at the line and column of its node and said again in plain words: what key is unknown
 * (and which was probably meant), what is missing, what was expected.
 */
final class SchemaChecker {

    private final ObjectNode schemaTree = WorkflowSchema.tree();
    private final JsonSchema schema;

    SchemaChecker() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().locale(Locale.ENGLISH).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree, config);
    }

    /**
     * @param lengthsChecked whether a text longer than the schema's {@code maxLength} is an error:
     *                       not for a stored revision, deployed before a limit was added
     */
    void check(YamlTree tree, Problems problems, boolean lengthsChecked) {
        Set<ValidationMessage> messages = new LinkedHashSet<>(schema.validate(tree.root()));
        if (!lengthsChecked) {
            messages.removeIf(message -> message.getType().equals("maxLength"));
        }
        SourceMap positions = tree.positions();
        Set<String> suggestedKeys = new HashSet<>();
        for (ValidationMessage message : messages) {
            if (message.getType().equals("additionalProperties")) {
                String path = pathOf(message.getInstanceLocation());
                Optional<String> suggestion = Suggestions.closest(message.getProperty(), allowedKeys(message));
                suggestion.ifPresent(key -> suggestedKeys.add(SourceMap.child(path, key)));
                problems.add(positions.keyAt(SourceMap.child(path, message.getProperty())), "unknown key '" + message.getProperty()
                        + "'" + suggestion.map(key -> " (did you mean '" + key + "'?)").orElse(""));
            }
        }
        for (ValidationMessage message : messages) {
            String path = pathOf(message.getInstanceLocation());
            switch (message.getType()) {
                case "additionalProperties" -> {
                    // reported above
                }
                case "required" -> {
                    // "nmae" already said "did you mean 'name'"; "missing required key 'name'" would only repeat it
                    if (!suggestedKeys.contains(SourceMap.child(path, message.getProperty()))) {
                        problems.add(positions.valueAt(path), "missing required key '" + message.getProperty() + "'");
                    }
                }
                case "dependentRequired" -> problems.add(positions.valueAt(path), "missing required key '"
                        + message.getArguments()[0] + "' (a step with '" + message.getProperty() + "' needs it)");
                default -> problems.add(positions.valueAt(path), expectation(message));
            }
        }
    }

    private String expectation(ValidationMessage message) {
        JsonNode rule = schemaAt(message);
        return switch (message.getType()) {
            case "type" -> meaningOfSiblingPattern(message).orElse("expected " + typeWords(rule));
            case "enum" -> "expected one of " + StreamSupport.stream(rule.spliterator(), false)
                    .map(JsonNode::asText).collect(Collectors.joining(", "));
            case "minimum" -> "expected a number of at least " + rule.asText();
            case "minItems" -> "expected a list with at least " + rule.asText() + (rule.asInt() == 1 ? " item" : " items");
            case "minLength" -> "expected a non-empty text";
            case "maxLength" -> tooLong(rule.asInt());
            case "pattern" -> WorkflowSchema.meaningOf(rule.asText()).orElse("expected text matching " + rule.asText());
            default -> message.getError();
        };
    }

    /** The message of a text longer than its column takes; the binder says the same when it counts again. */
    static String tooLong(int maxLength) {
        return "expected at most " + maxLength + " characters";
    }

    /** A duration or an id of the wrong type is better explained by what its pattern means. */
    private Optional<String> meaningOfSiblingPattern(ValidationMessage message) {
        JsonNode owner = schemaTree.at(pointerOf(message.getSchemaLocation().getFragment().getParent()));
        return owner.has("pattern") ? WorkflowSchema.meaningOf(owner.get("pattern").asText()) : Optional.empty();
    }

    private static String typeWords(JsonNode type) {
        if (type.isArray()) {
            List<String> words = new ArrayList<>();
            type.forEach(one -> words.add(typeWord(one.asText())));
            return String.join(" or ", words);
        }
        return typeWord(type.asText());
    }

    private static String typeWord(String type) {
        return switch (type) {
            case "string" -> "a string";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "array" -> "a list";
            case "object" -> "a mapping of keys to values";
            default -> type;
        };
    }

    /** The property names allowed where {@code additionalProperties} failed: the schema object's properties. */
    private List<String> allowedKeys(ValidationMessage message) {
        List<String> names = new ArrayList<>();
        JsonNode object = schemaTree.at(pointerOf(message.getSchemaLocation().getFragment().getParent()));
        object.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode schemaAt(ValidationMessage message) {
        return schemaTree.at(pointerOf(message.getSchemaLocation().getFragment()));
    }

    private static String pointerOf(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(path.getName(i).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static String pathOf(JsonNodePath location) {
        String path = "";
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? SourceMap.item(path, index) : SourceMap.child(path, element.toString());
        }
        return path;
    }
}
