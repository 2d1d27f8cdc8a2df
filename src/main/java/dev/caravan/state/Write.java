package dev.caravan.state;

import org.springframework.jdbc.core.JdbcTemplate;

/** Statements to commit; returns what the caller of {@link GroupCommitter#commit} gets back. */
@FunctionalInterface
public interface Write<T> {
    T apply(JdbcTemplate jdbc);
}
