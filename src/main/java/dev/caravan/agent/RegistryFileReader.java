package dev.caravan.agent;

import dev.caravan.agent.InvalidAgentRegistryException.Problem;
import dev.caravan.definition.SourcePosition;
import dev.caravan.definition.WorkflowSchema;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.env.PropertyResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a registry file from SnakeYAML's node tree, which keeps every position, and collects every
 * problem before failing once. Unknown and duplicate keys are problems, not warnings.
 */
final class RegistryFileReader {

    private static final Set<String> ROOT_KEYS = Set.of("agents");
    private static final Set<String> AGENT_KEYS =
            Set.of("id", "name", "tier", "capabilities", "instances", "description");
    private static final Pattern AGENT_ID = Pattern.compile("agent[0-9]+|[a-z][a-z0-9_-]*");
    private static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9_]*");
    /** A step's record keeps the instance that served it: step_executions.instance is 1000 wide. */
    private static final int MAX_INSTANCE_URL = 1000;

    private final String file;
    private final PropertyResolver placeholders;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Node> seenIds = new HashMap<>();

    private RegistryFileReader(String file, PropertyResolver placeholders) {
        this.file = file;
        this.placeholders = placeholders;
    }

    /**
     * @param file         the name shown in problems
     * @param placeholders resolves {@code ${...}} in instance URLs
     * @throws InvalidAgentRegistryException listing every problem of the file
     */
    static List<AgentDefinition> read(String file, Reader text, PropertyResolver placeholders) {
        return new RegistryFileReader(file, placeholders).read(text);
    }

    private List<AgentDefinition> read(Reader text) {
        List<AgentDefinition> agents = new ArrayList<>();
        Node root = compose(text);
        if (root == null && problems.isEmpty()) {
            problems.add(new Problem(file, new SourcePosition(1, 1, ""),
                    "the file is empty; expected a mapping with the key 'agents'"));
        } else if (root != null) {
            readRoot(root, agents);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt((Problem problem) -> problem.position().line())
                    .thenComparingInt(problem -> problem.position().column()));
            throw new InvalidAgentRegistryException(file, problems);
        }
        return agents;
    }

    private Node compose(Reader text) {
        try {
            return new Yaml(new LoaderOptions()).compose(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourcePosition position = mark == null ? new SourcePosition(1, 1, "")
                    : new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1, "");
            problems.add(new Problem(file, position, "not valid YAML: " + yamlProblem(e)));
            return null;
        }
    }

    private static String yamlProblem(MarkedYAMLException e) {
        Mark context = e.getContextMark();
        return e.getContext() == null || context == null ? e.getProblem()
                : e.getContext() + " started at " + (context.getLine() + 1) + ":" + (context.getColumn() + 1)
                        + ", " + e.getProblem();
    }

    private void readRoot(Node root, List<AgentDefinition> agents) {
        if (!(root instanceof MappingNode mapping)) {
            problem(root, "", "expected a mapping with the key 'agents'");
            return;
        }
        Map<String, Node> fields = fields(mapping, "", ROOT_KEYS);
        Node list = fields.get("agents");
        if (list == null) {
            problem(root, "", "missing key 'agents'");
        } else if (!(list instanceof SequenceNode sequence)) {
            problem(list, "agents", "expected a list of agents");
        } else {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                readAgent(sequence.getValue().get(i), "agents[" + i + "]").ifPresent(agents::add);
            }
        }
    }

    private Optional<AgentDefinition> readAgent(Node node, String path) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected an agent: a mapping with id, name, tier, capabilities, instances");
            return Optional.empty();
        }
        int problemsBefore = problems.size();
        Map<String, Node> fields = fields(mapping, path, AGENT_KEYS);
        String id = required(fields, "id", node, path);
        checkId(id, fields.get("id"), path + ".id");
        String name = required(fields, "name", node, path);
        AgentTier tier = tier(fields, node, path);
        List<String> capabilities = capabilities(fields.get("capabilities"), path + ".capabilities");
        List<String> instances = instances(fields.get("instances"), path + ".instances");
        String description = optional(fields.get("description"), path + ".description");
        if (problems.size() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new AgentDefinition(id, name, tier, capabilities, instances, description));
    }

    private void checkId(String id, Node node, String path) {
        if (id == null) {
            return;
        }
        if (!AGENT_ID.matcher(id).matches()) {
            problem(node, path, "'" + id + "' is not a valid agent id; expected agentN or lower-case "
                    + "letters, digits, '_' and '-' starting with a letter");
            return;
        }
        if (id.length() > WorkflowSchema.MAX_ID) {
            // as long as a workflow's agent: may be, and its runs' records keep it
            problem(node, path, "the agent id is " + id.length() + " characters long; at most " + WorkflowSchema.MAX_ID);
            return;
        }
        Node first = seenIds.putIfAbsent(id, node);
        if (first != null) {
            problem(node, path, "duplicate agent id '" + id + "' (first defined at line "
                    + (first.getStartMark().getLine() + 1) + ")");
        }
    }

    private AgentTier tier(Map<String, Node> fields, Node agent, String path) {
        String label = required(fields, "tier", agent, path);
        if (label == null) {
            return null;
        }
        Optional<AgentTier> tier = AgentTier.fromLabel(label);
        if (tier.isEmpty()) {
            problem(fields.get("tier"), path + ".tier",
                    "unknown tier '" + label + "'; expected one of " + AgentTier.labels());
        }
        return tier.orElse(null);
    }

    private List<String> capabilities(Node node, String path) {
        List<String> capabilities = new ArrayList<>();
        for (ListItem item : scalarList(node, path)) {
            if (!CAPABILITY.matcher(item.value()).matches()) {
                problem(item.node(), item.path(), "'" + item.value() + "' is not a snake_case capability name");
            } else if (capabilities.contains(item.value())) {
                problem(item.node(), item.path(), "duplicate capability '" + item.value() + "'");
            } else {
                capabilities.add(item.value());
            }
        }
        return capabilities;
    }

    private List<String> instances(Node node, String path) {
        List<String> instances = new ArrayList<>();
        for (ListItem item : scalarList(node, path)) {
            resolve(item).ifPresent(url -> {
                Optional<String> invalid = InstanceUrls.problem(url);
                String normalized = InstanceUrls.normalize(url);
                if (url.length() > MAX_INSTANCE_URL) {
                    problem(item.node(), item.path(), "the instance URL is " + url.length() + " characters long; at most "
                            + MAX_INSTANCE_URL);
                } else if (invalid.isPresent()) {
                    problem(item.node(), item.path(), invalid.get());
                } else if (instances.contains(normalized)) {
                    problem(item.node(), item.path(), "duplicate instance '" + normalized + "'");
                } else {
                    instances.add(normalized);
                }
            });
        }
        return instances;
    }

    private Optional<String> resolve(ListItem item) {
        try {
            return Optional.of(placeholders.resolveRequiredPlaceholders(item.value()).trim());
        } catch (IllegalArgumentException e) {
            problem(item.node(), item.path(), e.getMessage());
            return Optional.empty();
        }
    }

    /** One text item of a list, with what a problem about it needs. */
    private record ListItem(String path, String value, Node node) {
    }

    /** The text items of an optional list; a missing or null list is an empty one. */
    private List<ListItem> scalarList(Node node, String path) {
        List<ListItem> items = new ArrayList<>();
        if (node == null || isNull(node)) {
            return items;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, path, "expected a list, e.g. [a, b]");
            return items;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            String itemPath = path + "[" + i + "]";
            if (item instanceof ScalarNode scalar && !isNull(scalar)) {
                items.add(new ListItem(itemPath, scalar.getValue().trim(), item));
            } else {
                problem(item, itemPath, "expected a text value");
            }
        }
        return items;
    }

    private Map<String, Node> fields(MappingNode mapping, String path, Set<String> allowed) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            String keyPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
            if (key == null) {
                problem(keyNode, path, "expected a text key");
            } else if (!allowed.contains(key)) {
                problem(keyNode, keyPath, unknownKey(key, allowed));
            } else if (fields.containsKey(key)) {
                problem(keyNode, keyPath, "duplicate key '" + key + "'");
            } else {
                fields.put(key, tuple.getValueNode());
            }
        }
        return fields;
    }

    private static String unknownKey(String key, Set<String> allowed) {
        String expected = String.join(", ", allowed.stream().sorted().toList());
        return dev.caravan.definition.Suggestions.closest(key, allowed)
                .map(match -> "unknown key '" + key + "' (did you mean '" + match + "'?)")
                .orElse("unknown key '" + key + "'; expected one of " + expected);
    }

    private String required(Map<String, Node> fields, String key, Node owner, String path) {
        Node node = fields.get(key);
        if (node == null) {
            problem(owner, path, "missing '" + key + "'");
            return null;
        }
        String value = optional(node, path + "." + key);
        if (value != null && value.isBlank()) {
            problem(node, path + "." + key, "'" + key + "' must not be empty");
            return null;
        }
        return value;
    }

    private String optional(Node node, String path) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, path, "expected a text value");
            return null;
        }
        return isNull(scalar) ? "" : scalar.getValue().trim();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && "tag:yaml.org,2002:null".equals(scalar.getTag().getValue());
    }

    private void problem(Node node, String path, String message) {
        Mark mark = node.getStartMark();
        problems.add(new Problem(file, new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1, path), message));
    }
}
