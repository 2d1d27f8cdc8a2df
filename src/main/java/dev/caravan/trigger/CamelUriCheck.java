package dev.caravan.trigger;

import dev.caravan.definition.Suggestions;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.tooling.model.ComponentModel;

/**
 * A URI read as Camel reads it, through Camel's runtime catalog: the options each component on
 * the classpath declares, their types and enums, which ones only apply to sending. So a trigger
 * with a misspelt or mistyped option is refused when the workflow is deployed, not when its route
 * fails to start.
 *
 * <p>Thread-safe: the catalog caches component models in maps of its own, so calls are serialized.
 */
final class CamelUriCheck {

    private final DefaultRuntimeCamelCatalog catalog = new DefaultRuntimeCamelCatalog(true);

    CamelUriCheck(CamelContext camel) {
        catalog.setCamelContext(camel);
        catalog.setSuggestionStrategy((names, unknown) ->
                Suggestions.closest(unknown, names).map(name -> new String[] {name}).orElse(new String[0]));
        catalog.start();
    }

    /** The component's model, empty when no such component is on the classpath. */
    synchronized Optional<ComponentModel> component(String scheme) {
        return Optional.ofNullable(catalog.componentModel(scheme));
    }

    /** A problem Camel finds, with the option it is about (null for the URI as a whole). */
    record Problem(String option, String message) {
    }

    /** Every problem Camel finds with the URI as the start of a route, in plain words. */
    synchronized List<Problem> problemsOf(String uri, String scheme) {
        EndpointValidationResult result = catalog.validateEndpointProperties(uri, false, true, false);
        List<Problem> problems = new ArrayList<>();
        if (result.getSyntaxError() != null) {
            problems.add(new Problem(null, "not a Camel endpoint URI: " + result.getSyntaxError()));
            return problems;
        }
        if (result.getUnknown() != null) {
            result.getUnknown().stream().filter(option -> !option.isEmpty()).forEach(option -> problems.add(
                    new Problem(option, "unknown option '" + option + "' of " + scheme + suggestion(result, option))));
        }
        if (result.getRequired() != null) {
            result.getRequired().forEach(option ->
                    problems.add(new Problem(option, "missing required option '" + option + "' of " + scheme)));
        }
        if (result.getNotConsumerOnly() != null) {
            result.getNotConsumerOnly().forEach(option -> problems.add(
                    new Problem(option, "option '" + option + "' of " + scheme + " applies to sending, not to a trigger")));
        }
        invalid(result.getInvalidEnum(), option -> "not one of its values " + result.getEnumChoices(option), problems);
        invalid(result.getInvalidBoolean(), option -> "expected true or false", problems);
        invalid(result.getInvalidInteger(), option -> "expected a whole number", problems);
        invalid(result.getInvalidNumber(), option -> "expected a number", problems);
        invalid(result.getInvalidDuration(), option -> "expected a duration like 500, 30s or 5m", problems);
        invalid(result.getInvalidArray(), option -> "expected a list", problems);
        invalid(result.getInvalidMap(), option -> "expected a map", problems);
        invalid(result.getInvalidReference(), option -> "the option takes a bean, and a trigger may not refer to Caravan's beans", problems);
        return problems;
    }

    /** The path part's values as Camel names them ({@code directoryName} of {@code file:orders}), by option name. */
    synchronized Map<String, String> properties(String uri) {
        try {
            return catalog.endpointProperties(uri);
        } catch (URISyntaxException | RuntimeException e) {
            return Map.of();
        }
    }

    /** A URI of the component from its path values, like {@code file:/srv/inbox/orders}. */
    synchronized String endpointUri(String scheme, Map<String, String> pathValues) {
        return catalog.asEndpointUri(scheme, pathValues, false);
    }

    private static String suggestion(EndpointValidationResult result, String option) {
        String[] suggested = result.getUnknownSuggestions() == null ? null : result.getUnknownSuggestions().get(option);
        return suggested == null || suggested.length == 0 ? "" : " (did you mean '" + suggested[0] + "'?)";
    }

    /** One problem per option whose value Camel cannot convert, saying what it expected. */
    private static void invalid(Map<?, ?> values, Function<String, String> expected, List<Problem> problems) {
        if (values != null) {
            values.forEach((option, value) -> problems.add(new Problem(option.toString(),
                    "option '" + option + "' is '" + value + "': " + expected.apply(option.toString()))));
        }
    }
}
