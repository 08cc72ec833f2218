package io.vmledger.storage.postgres;

import io.vmledger.api.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code storage.postgres.*} options: defaults, password sources, and errors that name the key. */
class PgOptionsTest {
    private static final String URL = "jdbc:postgresql://db.example.org:5432/vmledger";

    private static Map<String, String> base() {
        Map<String, String> o = new HashMap<>();
        o.put("url", URL);
        o.put("user", "vmledger");
        return o;
    }

    @Test
    void defaultsAreCopyIngestionMonthlyPartitionsOneMonthAhead() {
        PgOptions o = PgOptions.parse(base(), name -> null);
        assertEquals(PgOptions.Ingestion.COPY, o.ingestion());
        assertEquals(PgOptions.Partitioning.MONTHLY, o.partitioning());
        assertEquals(1, o.partitionsAhead());
        assertEquals(8, o.poolSize());
        assertEquals(2, o.readThreads());
        assertNull(o.password());
        assertNull(o.schema());
    }

    @Test
    void readsThePasswordFromTheOptionAnEnvironmentVariableOrAFile(@TempDir Path dir) throws Exception {
        Map<String, String> literal = base();
        literal.put("password", "s3cret");
        assertEquals("s3cret", PgOptions.parse(literal, name -> null).password());

        Map<String, String> env = base();
        env.put("password_env", "PG_PW");
        assertEquals("from-env", PgOptions.parse(env, name -> name.equals("PG_PW") ? "from-env" : null).password());

        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");
        Map<String, String> fromFile = base();
        fromFile.put("password_file", file.toString());
        assertEquals("from-file", PgOptions.parse(fromFile, name -> null).password(), "the trailing newline is dropped");
    }

    @Test
    void thePasswordNeverAppearsInTheTextOfTheOptions() {
        Map<String, String> o = base();
        o.put("password", "s3cret-value");
        o.put("url", URL + "?sslmode=require&password=other-secret");
        String text = PgOptions.parse(o, name -> null).toString();
        assertFalse(text.contains("s3cret-value"), text);
        assertFalse(text.contains("other-secret"), text);
        assertTrue(text.contains("db.example.org"), text);
    }

    @Test
    void badValuesFailNamingTheFullKey(@TempDir Path dir) {
        assertKey("storage.postgres.url", Map.of("url", "postgres://x", "user", "u"));
        assertKey("storage.postgres.user", Map.of("url", URL));
        assertKey("storage.postgres.ingestion", with("ingestion", "bulk"));
        assertKey("storage.postgres.partitioning", with("partitioning", "weekly"));
        assertKey("storage.postgres.partitions_ahead", with("partitions_ahead", "0"));
        assertKey("storage.postgres.partitions_ahead", with("partitions_ahead", "two"));
        assertKey("storage.postgres.pool_size", with("pool_size", "1"));
        assertKey("storage.postgres.read_threads", with("read_threads", "0"));
        assertKey("storage.postgres.read_threads", with("read_threads", "5")); // more than half the pool of 8
        assertKey("storage.postgres.schema", with("schema", "Robert'); DROP TABLE x;--"));
        assertKey("storage.postgres.password_env", with("password_env", "NO_SUCH_VARIABLE_HERE"));
        assertKey("storage.postgres.password_file", with("password_file", dir.resolve("missing").toString()));
        assertKey("storage.postgres.pasword", with("pasword", "typo"));
        Map<String, String> two = base();
        two.put("password", "a");
        two.put("password_env", "B");
        assertKey("storage.postgres.password", two);
    }

    @Test
    void ingestionAndPartitioningAreCaseInsensitive() {
        Map<String, String> o = base();
        o.put("ingestion", "INSERT");
        o.put("partitioning", "None");
        PgOptions p = PgOptions.parse(o, name -> null);
        assertEquals(PgOptions.Ingestion.INSERT, p.ingestion());
        assertEquals(PgOptions.Partitioning.NONE, p.partitioning());
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> o = base();
        o.put(key, value);
        return o;
    }

    private static void assertKey(String key, Map<String, String> options) {
        SettingsException e = assertThrows(SettingsException.class, () -> PgOptions.parse(options, name -> null));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
