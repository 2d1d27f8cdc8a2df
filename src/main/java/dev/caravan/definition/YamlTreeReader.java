package dev.caravan.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Stage one of parsing: YAML text to a JSON tree, remembering where each node was written. Only
 * plain data passes: anchors, aliases and custom tags are refused, and so are duplicate keys
 * (which YAML libraries otherwise resolve silently, last one wins).
 */
final class YamlTreeReader {

    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** SnakeYAML's own limit on a document's code points, which the size limit has checked already. */
    private final int codePointLimit;

    /** @param maxSourceBytes the size limit a text has passed: no text under it is refused for its size here */
    YamlTreeReader(long maxSourceBytes) {
        this.codePointLimit = (int) Math.min(Integer.MAX_VALUE, maxSourceBytes);
    }

    /** The tree of {@code text}, or empty when it is not plain YAML data (the reasons are in {@code problems}). */
    Optional<YamlTree> read(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        // a code point is at least a byte: SnakeYAML's default (3 MB) would refuse a text a higher size limit takes
        options.setCodePointLimit(Math.max(codePointLimit, options.getCodePointLimit()));
        AnchorRefusingComposer composer = new AnchorRefusingComposer(
                new ParserImpl(new StreamReader(text), options), new YamlCoreResolver(), options, problems);
        Node document;
        try {
            document = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            YamlSyntaxError error = YamlSyntaxError.of(e);
            problems.add(error.position(), error.message());
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new SourcePosition(1, 1, ""), "invalid YAML: " + e.getMessage());
            return Optional.empty();
        }
        if (composer.refusedAnchors()) {
            return Optional.empty();
        }
        if (document == null) {
            problems.add(new SourcePosition(1, 1, ""), "the file is empty; a workflow needs at least name: and steps:");
            return Optional.empty();
        }
        SourceMap positions = new SourceMap();
        JsonNode root = new Converter(positions, problems).convert(document, "");
        return Optional.of(new YamlTree(root, positions));
    }

    static SourcePosition at(Mark mark, String path) {
        return mark == null ? new SourcePosition(1, 1, path) : new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1, path);
    }

    /** Turns composed nodes into JSON nodes, recording positions and refusing what plain data does not hold. */
    private record Converter(SourceMap positions, Problems problems) {

        JsonNode convert(Node node, String path) {
            SourcePosition position = at(node.getStartMark(), path);
            positions.value(path, position.line(), position.column());
            if (!PLAIN_TAGS.contains(node.getTag())) {
                problems.add(position, "custom tag '" + node.getTag().getValue() + "' is not allowed: a workflow file is plain data");
            }
            if (node instanceof MappingNode mapping) {
                return object(mapping, path);
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < sequence.getValue().size(); i++) {
                    array.add(convert(sequence.getValue().get(i), SourceMap.item(path, i)));
                }
                return array;
            }
            return scalar((ScalarNode) node);
        }

        private ObjectNode object(MappingNode mapping, String path) {
            ObjectNode object = NODES.objectNode();
            Map<String, Integer> firstLines = new HashMap<>();
            for (NodeTuple entry : mapping.getValue()) {
                if (!(entry.getKeyNode() instanceof ScalarNode keyNode)) {
                    problems.add(at(entry.getKeyNode().getStartMark(), path), "a key must be plain text, not a list or a mapping");
                    continue;
                }
                String key = keyNode.getValue();
                String childPath = SourceMap.child(path, key);
                SourcePosition keyPosition = at(keyNode.getStartMark(), childPath);
                Integer firstLine = firstLines.putIfAbsent(key, keyPosition.line());
                if (firstLine != null) {
                    problems.add(keyPosition, "duplicate key '" + key + "' (first at line " + firstLine + ")");
                    continue;
                }
                positions.key(childPath, keyPosition.line(), keyPosition.column());
                object.set(key, convert(entry.getValueNode(), childPath));
            }
            return object;
        }

        private static JsonNode scalar(ScalarNode scalar) {
            String text = scalar.getValue();
            Tag tag = scalar.getTag();
            try {
                if (Tag.NULL.equals(tag)) {
                    return NullNode.getInstance();
                }
                if (Tag.BOOL.equals(tag)) {
                    return BooleanNode.valueOf(text.equalsIgnoreCase("true"));
                }
                if (Tag.INT.equals(tag)) {
                    return integer(text);
                }
                if (Tag.FLOAT.equals(tag)) {
                    return decimal(text);
                }
            } catch (NumberFormatException e) {
                // an explicit !!int or !!float on text that is no number: keep the text, the schema says what was expected
                return TextNode.valueOf(text);
            }
            return TextNode.valueOf(text);
        }

        private static JsonNode integer(String text) {
            BigInteger value;
            if (text.startsWith("0x")) {
                value = new BigInteger(text.substring(2), 16);
            } else if (text.startsWith("0o")) {
                value = new BigInteger(text.substring(2), 8);
            } else {
                value = new BigInteger(text);
            }
            if (value.bitLength() < 32) {
                return IntNode.valueOf(value.intValue());
            }
            return value.bitLength() < 64 ? LongNode.valueOf(value.longValue()) : BigIntegerNode.valueOf(value);
        }

        private static JsonNode decimal(String text) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".inf")) {
                return DoubleNode.valueOf(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            if (lower.equals(".nan")) {
                return DoubleNode.valueOf(Double.NaN);
            }
            // exact, so that "version: 1.10" stays 1.10 and does not become 1.1
            return DecimalNode.valueOf(new BigDecimal(text));
        }
    }
}
