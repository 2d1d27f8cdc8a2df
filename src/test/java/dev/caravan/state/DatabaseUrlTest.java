package dev.caravan.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** DATABASE_URL in the first seed's form or as JDBC; the embedded default without it. */
class DatabaseUrlTest {

    @Test
    void theSeedsFormBecomesAJdbcUrlWithItsCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://orchestrator:p%40ss@db.internal:5433/orchestrator?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/orchestrator?sslmode=require");
        assertThat(url.username()).isEqualTo("orchestrator");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.toString()).doesNotContain("p@ss");
    }

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://localhost/db").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/db");
    }

    @Test
    void anythingElseIsAClearErrorThatHidesThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://user:secret@host/db"))
                .hasMessageContaining("postgresql://user:password@host:port/database")
                .hasMessageContaining("mysql://user:***@host/db")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aUrlThatDoesNotParseIsAClearErrorThatHidesThePasswordToo() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://caravan:two words@db.internal/orchestrator"))
                .isInstanceOf(InvalidDatabaseUrlException.class)
                .hasMessageContaining("DATABASE_URL is not a valid URL")
                .hasMessageContaining("postgresql://caravan:***@db.internal/orchestrator")
                .hasMessageContaining("URL-encoded")
                .hasMessageNotContaining("two words")
                .hasNoCause();
    }

    @Test
    void theEmbeddedDefaultIsAnH2FileUnderTheDataFolder() {
        DatabaseUrl url = DatabaseUrl.embedded("data");

        assertThat(url.jdbcUrl()).startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("caravan"));
    }
}
