package io.vmledger.benchmarks.jmh.store;

import java.util.Locale;

/** The storage plugin a benchmark runs against: the value of the {@code store} parameter. */
public enum StoreKind {
    SQLITE,
    POSTGRES;

    /** The plugin's name, as {@code storage.provider} and the benchmarks' {@code store} parameter spell it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code sqlite} or {@code postgres}. */
    public static StoreKind parse(String value) {
        for (StoreKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown store '" + value + "' (allowed: sqlite, postgres)");
    }
}
