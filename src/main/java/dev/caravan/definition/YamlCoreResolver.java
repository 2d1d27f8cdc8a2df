package dev.caravan.definition;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads plain scalars by the YAML 1.2 core schema instead of SnakeYAML's YAML 1.1 rules, so that
 * {@code yes}, {@code no}, {@code on}, {@code off}, dates and {@code 1_000} stay text, as they do
 * in Camel's own YAML DSL and in editors.
 */
final class YamlCoreResolver extends Resolver {

    private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern INTEGER = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
    private static final Pattern DECIMAL = Pattern.compile(
            "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    private static final Pattern NULL_WORD = Pattern.compile("^(?:~|null|Null|NULL)$");
    private static final Pattern NOTHING = Pattern.compile("^$");

    @Override
    protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF");
        addImplicitResolver(Tag.INT, INTEGER, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, DECIMAL, "-+0123456789.");
        addImplicitResolver(Tag.NULL, NULL_WORD, "~nN");
        addImplicitResolver(Tag.NULL, NOTHING, null);
    }
}
