package dev.caravan.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Schemas this JVM made, dropped when it exits so that the {@code test} database does not fill up. */
    private static final Set<String> MADE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropMadeSchemas, "drop-test-schemas"));
    }

    /** A schema name no other test run uses; the schema is dropped when this JVM exits. */
    public static String freshSchema() {
        String schema = "caravan_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        MADE.add(schema);
        return schema;
    }

    private static void dropMadeSchemas() {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            // a Spring context closing at the same time may still hold a lock: give up rather than hang the exit
            statement.execute("SET lock_timeout = '5s'");
            for (String schema : MADE) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("Test schemas " + MADE + " were not all dropped: " + e.getMessage());
        }
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
