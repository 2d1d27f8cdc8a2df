package dev.caravan.definition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the errors of one file across all stages. The same error found by two stages (a schema
 * pattern and the binder, say) is kept once.
 */
final class Problems {

    private final String source;
    private final Set<ValidationError> errors = new LinkedHashSet<>();

    Problems(String source) {
        this.source = source;
    }

    void add(SourcePosition position, String message) {
        errors.add(new ValidationError(source, position.line(), position.column(), position.path(), message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws every error collected so far, ordered by line then column, if there is any. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw exception();
        }
    }

    /** The rejection of the file, with every error collected so far ordered by line then column. */
    WorkflowValidationException exception() {
        List<ValidationError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ValidationError::line).thenComparingInt(ValidationError::column));
        return new WorkflowValidationException(sorted);
    }
}
