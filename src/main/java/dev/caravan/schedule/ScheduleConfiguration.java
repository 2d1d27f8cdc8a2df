package dev.caravan.schedule;

import java.sql.DatabaseMetaData;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.springframework.boot.autoconfigure.quartz.QuartzProperties;
import org.springframework.boot.autoconfigure.quartz.SchedulerFactoryBeanCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Quartz on the application's database, clustered (the rest is in {@code application.yml}): the
 * driver delegate that suits the database in use, and the misfire threshold from Caravan's settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScheduleProperties.class)
class ScheduleConfiguration {

    @Bean
    SchedulerFactoryBeanCustomizer quartzOnTheDatabase(DataSource dataSource, QuartzProperties quartz,
            ScheduleProperties settings) {
        return scheduler -> {
            Properties properties = new Properties();
            properties.putAll(quartz.getProperties());
            properties.put("org.quartz.jobStore.driverDelegateClass", delegateFor(dataSource));
            properties.put("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
            scheduler.setQuartzProperties(properties);
        };
    }

    /**
     * PostgreSQL's delegate reads its BYTEA columns as PostgreSQL's driver returns them; Quartz's
     * standard delegate reads the same tables on H2.
     */
    private static String delegateFor(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return "PostgreSQL".equalsIgnoreCase(product) ? PostgreSQLDelegate.class.getName() : StdJDBCDelegate.class.getName();
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database Quartz runs on: " + e.getMessage(), e);
        }
    }
}
