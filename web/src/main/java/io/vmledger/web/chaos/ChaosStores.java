package io.vmledger.web.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a chaos run keeps its stores: each has a name ({@code reference}, {@code round-3}) and is made empty
 * before use. SQLite: a directory per store under the work directory. PostgreSQL: a schema per store on the
 * configured server, named after the run ({@code vmledger_chaos_<pid>_<name>}), never the configured schema.
 * Reports always go under the work directory.
 */
public interface ChaosStores {

    /** The plugin's options for store {@code name}, after emptying it. */
    Map<String, String> fresh(String name);

    /** Removes store {@code name}. */
    void drop(String name);

    /** What the stores are, for messages. */
    String describe();

    /** SQLite files {@code <dir>/<name>/vmledger.db}. */
    static ChaosStores sqlite(Path dir) {
        return new ChaosStores() {
            @Override
            public Map<String, String> fresh(String name) {
                drop(name);
                return Map.of("path", dir.resolve(name).resolve("vmledger.db").toAbsolutePath().toString());
            }

            @Override
            public void drop(String name) {
                deleteTree(dir.resolve(name));
            }

            @Override
            public String describe() {
                return "SQLite files under " + dir.toAbsolutePath();
            }
        };
    }

    /**
     * Schemas on the PostgreSQL server of {@code options} (url, user, password, password_env or password_file;
     * its {@code schema} is replaced).
     */
    static ChaosStores postgres(Map<String, String> options, String prefix) {
        String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return new ChaosStores() {
            @Override
            public Map<String, String> fresh(String name) {
                drop(name);
                Map<String, String> o = new HashMap<>(options);
                o.put("schema", schema(name));
                return Map.copyOf(o);
            }

            @Override
            public void drop(String name) {
                try (Connection c = DriverManager.getConnection(options.get("url"), options.get("user"), password(options));
                     Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + schema(name) + " CASCADE");
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot drop the chaos schema " + schema(name) + ": " + e.getMessage(),
                            e);
                }
            }

            private String schema(String name) {
                return base + "_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            }

            @Override
            public String describe() {
                return "PostgreSQL schemas " + base + "_* at " + options.get("url");
            }
        };
    }

    /** The password of PostgreSQL options, from {@code password}, {@code password_env} or {@code password_file}. */
    static String password(Map<String, String> options) {
        if (options.get("password") != null) {
            return options.get("password");
        }
        if (options.get("password_env") != null) {
            String v = System.getenv(options.get("password_env"));
            return v == null ? "" : v;
        }
        if (options.get("password_file") != null) {
            try {
                return Files.readString(Path.of(options.get("password_file"))).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + options.get("password_file"), e);
            }
        }
        return "";
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
