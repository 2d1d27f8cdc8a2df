package dev.caravan.state;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The aggregation repositories of Caravan's aggregators: Camel's JDBC one on Caravan's own
 * database, so that what an aggregator holds survives a restart and is seen by every node.
 * <ul>
 * <li>{@code caravan_waits} (migration V5, {@code routes/waits.yaml}): a step waiting for its
 *     callback or signal, and a callback or signal that came before its step waited;</li>
 * <li>{@code caravan_joins} (migration V14, {@code routes/joins.yaml}): the branches of a parallel
 *     step that have arrived at their join.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class AggregationRepositories {

    static final String WAITS = "caravan_waits";
    static final String JOINS = "caravan_joins";

    private final Duration recoveryInterval;

    AggregationRepositories(@Value("${caravan.aggregation.recovery-interval:5s}") Duration recoveryInterval) {
        this.recoveryInterval = recoveryInterval;
    }

    @Bean
    JdbcAggregationRepository caravanWaitRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        return recoverable(WAITS, dataSource, transactions);
    }

    @Bean
    JdbcAggregationRepository caravanJoinRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        return recoverable(JOINS, dataSource, transactions);
    }

    private JdbcAggregationRepository recoverable(String name, DataSource dataSource,
            PlatformTransactionManager transactions) {
        // The plain repository on PostgreSQL too: each of its writes is a transaction of its own, so a
        // racing INSERT fails alone and the aggregator retries it (optimistic locking). Camel 4.17's
        // PostgresAggregationRepository leaves the version column out of its INSERT and so fails every insert.
        JdbcAggregationRepository repository = new JdbcAggregationRepository(transactions, name, dataSource);
        // an aggregation completed but not yet confirmed (the node died while handling it) is handed
        // to the completion steps again
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(recoveryInterval.toMillis(), TimeUnit.MILLISECONDS);
        return repository;
    }
}
