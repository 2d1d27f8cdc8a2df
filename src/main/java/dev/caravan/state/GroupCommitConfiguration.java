package dev.caravan.state;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The one {@link GroupCommitter} of this process, through which the run, event and lease writes go. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GroupCommitConfiguration.GroupCommitProperties.class)
class GroupCommitConfiguration {

    /**
     * Settings of the group commit (docs/state.md, "Group commit").
     *
     * @param maxWrites the most writes committed in one transaction
     * @param maxWaiting the most writes waiting for a commit; callers beyond it wait for room
     * @param lanes how many groups may be on their way at once: 1 commits them one after the
     *     other; 2 applies one while the other commits, which lost on a 2-core machine with the
     *     database beside Caravan (docs/performance.md, session 15)
     */
    @ConfigurationProperties("caravan.state.group-commit")
    record GroupCommitProperties(@DefaultValue("1000") int maxWrites, @DefaultValue("10000") int maxWaiting,
            @DefaultValue("1") int lanes) {
    }

    @Bean(destroyMethod = "close")
    GroupCommitter groupCommitter(JdbcTemplate jdbc, TransactionTemplate transactions, GroupCommitProperties settings,
            MeterRegistry meters) {
        return new GroupCommitter(jdbc, transactions, settings.maxWrites(), settings.maxWaiting(), settings.lanes(),
                meters);
    }
}
