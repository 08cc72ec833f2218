package io.vmledger.storage.sqlite;

import io.vmledger.storage.spi.CanonicalSchema;

import java.util.Set;

/**
 * The schema of the SQLite plugin (db/migration/sqlite): the canonical table and column names of
 * {@link CanonicalSchema}. SQL text in this plugin is written with quoted identifiers and passed
 * through {@link #sql(String)}, which fails at class initialisation when a quoted identifier is not
 * one of those columns; {@code SqliteSchemaTest} checks that the migrated tables have exactly them.
 */
public final class SqliteSchema extends CanonicalSchema {

    private SqliteSchema() {
    }

    /** Returns {@code sql} after checking that each quoted identifier in it is a known column. */
    public static String sql(String sql) {
        return checkIdentifiers(sql, Set.of());
    }
}
