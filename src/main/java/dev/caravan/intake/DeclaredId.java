package dev.caravan.intake;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Where a valid workflow file writes its {@code id:} value (1-based), so that a duplicate id is
 * reported at the place to change. Empty when the id comes from the file name.
 */
record DeclaredId(int line, int column) {

    static Optional<DeclaredId> in(String text) {
        Node root = new Yaml().compose(new StringReader(text));
        if (!(root instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        for (NodeTuple entry : mapping.getValue()) {
            if (entry.getKeyNode() instanceof ScalarNode key && key.getValue().equals("id")) {
                Node value = entry.getValueNode();
                return Optional.of(new DeclaredId(value.getStartMark().getLine() + 1, value.getStartMark().getColumn() + 1));
            }
        }
        return Optional.empty();
    }
}
