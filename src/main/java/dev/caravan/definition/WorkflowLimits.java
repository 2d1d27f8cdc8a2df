package dev.caravan.definition;

/**
 * How much one workflow may ask of Caravan, checked before anything else reads it. Each step
 * becomes Camel routes (two for an agent step), and Camel takes longer to add or remove each route
 * the more routes it holds: a workflow of 3,000 steps took 272 s to deploy and 10 minutes to
 * undeploy, and a 30 MB text kept the YAML reader busy for minutes before its own limit refused it.
 *
 * @param maxSourceBytes the most bytes a workflow's text may have, in UTF-8
 * @param maxSteps the most steps a workflow may have, nested steps and parallel calls included
 */
public record WorkflowLimits(long maxSourceBytes, int maxSteps) {

    /** The settings' defaults ({@code caravan.workflows.max-source-size} and {@code .max-steps}). */
    public static final WorkflowLimits DEFAULT = new WorkflowLimits(1024 * 1024, 200);
    /** For a text accepted before, under the limits of its day: lowering a limit must not lose it. */
    public static final WorkflowLimits NONE = new WorkflowLimits(Long.MAX_VALUE, Integer.MAX_VALUE);

    public WorkflowLimits {
        if (maxSourceBytes < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("a workflow's size and step limits are at least 1, were "
                    + maxSourceBytes + " bytes and " + maxSteps + " steps");
        }
    }

    /** Why a text over {@link #maxSourceBytes} is refused, for the API's 413, the folder's report and the parser. */
    public String sourceTooLarge() {
        return "the workflow is larger than " + size(maxSourceBytes) + ", the most Caravan takes "
                + "(caravan.workflows.max-source-size)";
    }

    String tooManySteps(int steps) {
        return "the workflow has " + steps + " steps, nested steps and parallel calls counted; Caravan takes at most "
                + maxSteps + " (caravan.workflows.max-steps)";
    }

    /** Whether a text is over {@link #maxSourceBytes}, counted without encoding it. */
    public boolean tooLarge(CharSequence text) {
        if (text.length() > maxSourceBytes) {
            // every character takes at least one byte
            return true;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // a surrogate pair is four bytes, two for each half
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > maxSourceBytes;
    }

    /** 1 MB, 512 KB or 100 bytes, as the setting was most likely written (Spring's MB is 1024 KB). */
    private static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
