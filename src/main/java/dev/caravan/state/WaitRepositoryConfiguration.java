package dev.caravan.state;

import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The aggregation repository of {@code routes/waits.yaml}: Camel's JDBC one on Caravan's own
 * database (tables of migration V5), so that a step waiting for its callback or signal, and a
 * callback or signal that came before its step waited, survive a restart and are seen by every node.
 */
@Configuration(proxyBeanMethods = false)
class WaitRepositoryConfiguration {

    static final String REPOSITORY = "caravan_waits";

    @Bean
    JdbcAggregationRepository caravanWaitRepository(DataSource dataSource, PlatformTransactionManager transactions,
            @Value("${caravan.waits.recovery-interval:5s}") java.time.Duration recoveryInterval) {
        // The plain repository on PostgreSQL too: each of its writes is a transaction of its own, so a
        // racing INSERT fails alone and the aggregator retries it (optimistic locking). Camel 4.17's
        // PostgresAggregationRepository leaves the version column out of its INSERT and so fails every insert.
        JdbcAggregationRepository repository = new JdbcAggregationRepository(transactions, REPOSITORY, dataSource);
        // a rendezvous completed but not yet confirmed (the node died while finishing the step) is
        // handed to the completion route again
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(recoveryInterval.toMillis(), TimeUnit.MILLISECONDS);
        return repository;
    }
}
