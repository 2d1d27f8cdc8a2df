package dev.caravan.state;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * A write of one parameterised statement. The committer sends the same statement of
 * consecutive such writes in a group to the database as one JDBC batch, one round trip instead
 * of one each; each write then gets what its own statement did.
 */
interface Batchable<T> extends Write<T> {

    String sql();

    Object[] arguments();

    /** The columns whose generated values the write needs back (an insert's id), or none. */
    default List<String> generatedKeys() {
        return List.of();
    }

    /**
     * Whether the write only inserts rows that no other write reads or changes (events): such
     * writes are applied after the rest of their group, still in their own order, so that
     * the writes between them can be batched. Invisible outside, the group committing as one.
     */
    default boolean appendOnly() {
        return false;
    }

    /**
     * What the write changes, as far as its order matters: writes of one key (a run's id) are
     * applied in the order they were handed over; writes of different keys touch different rows,
     * so a group may apply them in another order, to gather the writes of one statement into one
     * batch. {@code null}, the default: the write keeps its place among all writes.
     */
    default String orderKey() {
        return null;
    }

    /**
     * The write's result once its statement ran: the rows it changed, and the generated keys
     * asked for (else empty). May run further statements, after the whole batch has run.
     */
    T completed(int rowsChanged, Map<String, Object> keys, JdbcTemplate jdbc);

    @Override
    default T apply(JdbcTemplate jdbc) {
        if (generatedKeys().isEmpty()) {
            return completed(jdbc.update(sql(), arguments()), Map.of(), jdbc);
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        int rows = jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql(), generatedKeys().toArray(String[]::new));
            new ArgumentPreparedStatementSetter(arguments()).setValues(statement);
            return statement;
        }, keys);
        return completed(rows, keys.getKeys(), jdbc);
    }
}
