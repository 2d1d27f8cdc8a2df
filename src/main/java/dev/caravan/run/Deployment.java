package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import java.util.List;

/**
 * The outcome of deploying a workflow's text.
 *
 * @param workflow the revision now current for the workflow id
 * @param created true when the text made a new revision, false when it equals the current one
 * @param warnings what the user should know but that does not stop the deploy
 */
public record Deployment(CompiledWorkflow workflow, boolean created, List<String> warnings) {
}
