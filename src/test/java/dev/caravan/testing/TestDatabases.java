package dev.caravan.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.jdbc.DataSourceBuilder;

/**
 * The real databases tests run on: the local PostgreSQL (database {@code test}, a fresh schema per
 * use, so runs of the suite never see each other's rows) and an embedded H2 file in a fresh folder.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    private TestDatabases() {
    }

    /** A schema name no other test run uses. */
    public static String freshSchema() {
        return "caravan_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    public static String postgresUrl(String schema) {
        return POSTGRES_URL + "?currentSchema=" + schema;
    }

    /** PostgreSQL in a new schema, migrated. */
    public static DataSource postgres() {
        String schema = freshSchema();
        DataSource dataSource = DataSourceBuilder.create().url(postgresUrl(schema)).username(POSTGRES_USER).password("")
                .build();
        Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    /** H2 in a new file, migrated. */
    public static DataSource h2() throws java.io.IOException {
        Path folder = Files.createTempDirectory("caravan-h2");
        DataSource dataSource = DataSourceBuilder.create()
                .url("jdbc:h2:file:" + folder.resolve("caravan") + ";DB_CLOSE_ON_EXIT=FALSE").username("sa").password("")
                .build();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
