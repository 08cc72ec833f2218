package io.vmledger.maintenance.migration;

/** A store migration that must not start: the target holds data, or another migration's progress. */
public final class MigrationRefused extends RuntimeException {

    MigrationRefused(String message) {
        super(message);
    }
}
