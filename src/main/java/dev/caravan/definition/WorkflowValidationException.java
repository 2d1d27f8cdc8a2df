package dev.caravan.definition;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow file was rejected. Carries every error found in it, in order of line then column, so a
 * user can fix them all in one pass.
 */
public class WorkflowValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ValidationError> errors;

    public WorkflowValidationException(List<ValidationError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error of the file, at least one, in order of line then column. */
    public List<ValidationError> errors() {
        return errors;
    }

    private static String describe(List<ValidationError> errors) {
        String count = errors.size() == 1 ? "1 error" : errors.size() + " errors";
        return count + " in workflow:\n" + errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n"));
    }
}
