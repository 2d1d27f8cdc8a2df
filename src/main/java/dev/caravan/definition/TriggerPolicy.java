package dev.caravan.definition;

import java.util.List;

/**
 * Which Camel endpoints a workflow's {@code triggers:} may read from. A workflow file must not be
 * able to read the machine, so the policy is Caravan's configuration (an allow-list of components,
 * a root folder for files), given to the parser like the agent registry is. Implementations also
 * check the URI as Camel would read it, so that a bad option is a validation error, not a route
 * that fails to start.
 */
public interface TriggerPolicy {

    /** Every reason the URI may not be a trigger, each in plain words; empty when it may. */
    List<String> problemsOf(String uri);

    /** Refuses every trigger: the policy of a parser that was given none. */
    TriggerPolicy NONE = uri -> List.of("triggers are not accepted here: no trigger policy is configured");
}
