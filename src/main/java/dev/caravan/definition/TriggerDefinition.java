package dev.caravan.definition;

/**
 * A Camel endpoint whose messages each start a run of the workflow, their JSON body as the run's
 * params. Which endpoints a workflow may use is Caravan's configuration, not the file's: see
 * {@link TriggerPolicy}.
 *
 * @param id the {@code id:} as written, else the trigger's 1-based position in {@code triggers:}
 * @param uri the Camel consumer URI as written, like {@code spring-redis://redis:6379?channels=orders}
 * @param position where the trigger was written
 */
public record TriggerDefinition(String id, String uri, SourcePosition position) {
}
