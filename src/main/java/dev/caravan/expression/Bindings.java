package dev.caravan.expression;

import java.util.Collection;
import java.util.Optional;

/**
 * The names an expression can read, supplied by whoever evaluates it (the run engine binds step
 * scopes, {@code params}, {@code item}/{@code index} and output fields).
 *
 * <p>Values are plain data: {@link java.util.Map} (with String keys), {@link java.util.List},
 * String, Number, Boolean or null. Expressions read into maps by key and into lists by index and
 * never call methods on the values, so anything else is opaque to them.
 */
public interface Bindings {

    /** The exchange property under which {@link CaravanLanguage} finds the bindings of a run. */
    String PROPERTY = "caravan.bindings";

    /**
     * @param name a top-level name of an expression, e.g. {@code security_scan} in
     *             {@code security_scan.passed}
     * @return the value, or empty when the name is unknown. A name listed by {@link #names()}
     *         that resolves to empty has the value null.
     */
    Optional<Object> resolve(String name);

    /** All names that resolve, used to suggest a correction for a misspelled name. */
    Collection<String> names();
}
