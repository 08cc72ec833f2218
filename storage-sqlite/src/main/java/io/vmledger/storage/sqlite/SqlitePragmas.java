package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.SettingsException;
import io.vmledger.storage.spi.StorageContext;

/**
 * Connection tuning of the SQLite plugin. Defaults are the measured ones of
 * docs/decisions/0010-sqlite-hourly-layout.md; each can be overridden with a {@code storage.sqlite.*} option.
 *
 * @param pageSize               page size of a new database file (bytes); ignored for existing files
 * @param busyTimeoutMillis      how long a connection waits on a lock held by another process
 * @param writerCacheKib         page cache of the write connection
 * @param readerCacheKib         page cache of each read connection
 * @param mmapBytes              memory-mapped I/O size (shared by all connections through the OS page cache)
 * @param walAutocheckpointPages WAL size in pages that triggers a checkpoint at commit
 * @param readThreads            connections (and threads) an ordered window read may use
 */
public record SqlitePragmas(int pageSize, int busyTimeoutMillis, int writerCacheKib, int readerCacheKib,
                            long mmapBytes, int walAutocheckpointPages, int readThreads) {

    public static final String PAGE_SIZE = "page_size";
    public static final String BUSY_TIMEOUT_MS = "busy_timeout_ms";
    public static final String WRITER_CACHE_MB = "writer_cache_mb";
    public static final String READER_CACHE_MB = "reader_cache_mb";
    public static final String MMAP_MB = "mmap_mb";
    public static final String WAL_AUTOCHECKPOINT = "wal_autocheckpoint";
    public static final String READ_THREADS = "read_threads";

    public static SqlitePragmas defaults() {
        return new SqlitePragmas(8192, 30_000, 64 * 1024, 16 * 1024, 1024L * 1024 * 1024, 4000, 2);
    }

    /** Defaults overridden by the context's {@code storage.sqlite.*} options. */
    public static SqlitePragmas from(StorageContext context) {
        SqlitePragmas d = defaults();
        int pageSize = intOption(context, PAGE_SIZE, d.pageSize, 512, 65_536);
        if (Integer.bitCount(pageSize) != 1) {
            throw new SettingsException(key(PAGE_SIZE), pageSize, "expected a power of two from 512 to 65536");
        }
        return new SqlitePragmas(
                pageSize,
                intOption(context, BUSY_TIMEOUT_MS, d.busyTimeoutMillis, 0, 3_600_000),
                intOption(context, WRITER_CACHE_MB, d.writerCacheKib / 1024, 1, 65_536) * 1024,
                intOption(context, READER_CACHE_MB, d.readerCacheKib / 1024, 1, 65_536) * 1024,
                intOption(context, MMAP_MB, (int) (d.mmapBytes >> 20), 0, 1 << 20) * 1024L * 1024L,
                intOption(context, WAL_AUTOCHECKPOINT, d.walAutocheckpointPages, 0, 10_000_000),
                intOption(context, READ_THREADS, d.readThreads, 1, 16));
    }

    private static int intOption(StorageContext context, String name, int fallback, int min, int max) {
        String raw = context.option(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key(name), raw, "expected an integer from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new SettingsException(key(name), raw, "expected an integer from " + min + " to " + max);
        }
        return value;
    }

    private static String key(String name) {
        return "storage.sqlite." + name;
    }
}
