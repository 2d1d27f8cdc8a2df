package dev.caravan.state;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A DATABASE_URL that cannot be used stops the start-up with what is wrong and what to do, in
 * Spring Boot's "APPLICATION FAILED TO START" report (registered in {@code META-INF/spring.factories}).
 */
class DatabaseUrlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDatabaseUrlException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidDatabaseUrlException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set DATABASE_URL to postgresql://user:password@host:5432/database (user and password URL-encoded) "
                        + "or to a JDBC URL, or unset it to use the embedded database under data/.", cause);
    }
}
