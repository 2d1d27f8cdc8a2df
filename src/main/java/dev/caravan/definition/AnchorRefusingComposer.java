package dev.caravan.definition;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's composer, reporting every anchor ({@code &name}) it meets. A workflow file is data to
 * read at a glance; anchors and aliases make one value stand in several places and allow
 * billion-laughs expansion, so they are refused. Every alias needs an anchor, so refusing anchors
 * refuses aliases too.
 */
final class AnchorRefusingComposer extends Composer {

    private final Problems problems;
    private boolean refused;

    AnchorRefusingComposer(Parser parser, Resolver resolver, LoaderOptions options, Problems problems) {
        super(parser, resolver, options);
        this.problems = problems;
    }

    boolean refusedAnchors() {
        return refused;
    }

    @Override
    protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
        refuse(anchor);
        return super.composeScalarNode(anchor, blockComments);
    }

    @Override
    protected Node composeSequenceNode(String anchor) {
        refuse(anchor);
        return super.composeSequenceNode(anchor);
    }

    @Override
    protected Node composeMappingNode(String anchor) {
        refuse(anchor);
        return super.composeMappingNode(anchor);
    }

    private void refuse(String anchor) {
        if (anchor != null) {
            refused = true;
            problems.add(YamlTreeReader.at(parser.peekEvent().getStartMark(), ""),
                    "anchors and aliases (&" + anchor + ", *" + anchor + ") are not allowed: a workflow file is plain data; write the values out");
        }
    }
}
