package dev.caravan.expression;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Renders step params: maps and lists deeply, strings through their {@code ${...}} templates,
 * anything else unchanged. A string that is one template keeps the value's type (a number stays a
 * number, a map a map); otherwise each template is replaced by its value's text.
 */
final class TemplateRenderer {

    private final BiFunction<String, Bindings, Object> evaluator;

    TemplateRenderer(BiFunction<String, Bindings, Object> evaluator) {
        this.evaluator = evaluator;
    }

    Object render(Object value, Bindings bindings) {
        return switch (value) {
            case Map<?, ?> map -> renderMap(map, bindings);
            case List<?> list -> renderList(list, bindings);
            case String text -> renderText(text, bindings);
            case null, default -> value;
        };
    }

    private Map<Object, Object> renderMap(Map<?, ?> map, Bindings bindings) {
        Map<Object, Object> rendered = new LinkedHashMap<>();
        map.forEach((key, item) -> rendered.put(key, render(item, bindings)));
        return Collections.unmodifiableMap(rendered);
    }

    private List<Object> renderList(List<?> list, Bindings bindings) {
        List<Object> rendered = new ArrayList<>(list.size());
        list.forEach(item -> rendered.add(render(item, bindings)));
        return Collections.unmodifiableList(rendered);
    }

    private Object renderText(String text, Bindings bindings) {
        if (!text.contains("${")) {
            return text;
        }
        Template template = parse(text);
        if (template.isSingleExpression()) {
            return evaluator.apply(template.expressions().getFirst(), bindings);
        }
        StringBuilder rendered = new StringBuilder();
        for (Template.Part part : template.parts()) {
            switch (part) {
                case Template.Text literal -> rendered.append(literal.text());
                case Template.Expression expression ->
                        rendered.append(Values.text(evaluator.apply(expression.expression(), bindings)));
            }
        }
        return rendered.toString();
    }

    static Template parse(String text) {
        try {
            return Template.parse(text);
        } catch (ExpressionProblem e) {
            throw new ExpressionException("invalid template", text, e.getMessage());
        }
    }
}
