package io.vmledger.storage.postgres;

import io.vmledger.storage.spi.CanonicalSchema;

import java.util.Set;

/**
 * The schema of the PostgreSQL plugin (db/migration/postgres): the canonical table and column names
 * of {@link CanonicalSchema}, those of the SQLite plugin. SQL text in this plugin is written with
 * quoted identifiers and passed through {@link #sql(String)}, which fails at class initialisation
 * when a quoted identifier is not one of those columns (or the collation {@code "C"});
 * {@code PgSchemaTest} checks that the migrated tables have exactly them.
 */
final class PgSchema extends CanonicalSchema {
    private static final Set<String> DIALECT_IDENTIFIERS = Set.of("C");

    private PgSchema() {
    }

    /** Returns {@code sql} after checking that each quoted identifier in it is a known column or {@code "C"}. */
    public static String sql(String sql) {
        return checkIdentifiers(sql, DIALECT_IDENTIFIERS);
    }
}
