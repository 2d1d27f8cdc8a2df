package dev.caravan.run;

/** No deployed workflow has that id (or no revision has that version label). */
public class UnknownWorkflowException extends RuntimeException {

    public UnknownWorkflowException(String workflow, String version) {
        super(version == null
                ? "no workflow '" + workflow + "' is deployed"
                : "workflow '" + workflow + "' has no revision with version " + version);
    }
}
