package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.SettingsException;
import io.vmledger.storage.spi.PluginOption;
import io.vmledger.storage.spi.PluginOptions;

import java.util.List;

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
 * @param readWorkers            platform threads that run the reads of virtual threads (web requests)
 */
public record SqlitePragmas(int pageSize, int busyTimeoutMillis, int writerCacheKib, int readerCacheKib,
                            long mmapBytes, int walAutocheckpointPages, int readThreads, int readWorkers) {

    static final PluginOption<Integer> PAGE_SIZE = PluginOption.integer("page_size", 8192, 512, 65_536,
            "page size of a new database file, a power of two (bytes)");
    static final PluginOption<Integer> BUSY_TIMEOUT_MS = PluginOption.integer("busy_timeout_ms", 30_000, 0,
            3_600_000, "how long a connection waits on a lock held by another process");
    static final PluginOption<Integer> WRITER_CACHE_MB = PluginOption.integer("writer_cache_mb", 64, 1, 65_536,
            "page cache of the write connection");
    static final PluginOption<Integer> READER_CACHE_MB = PluginOption.integer("reader_cache_mb", 16, 1, 65_536,
            "page cache of each read connection");
    static final PluginOption<Integer> MMAP_MB = PluginOption.integer("mmap_mb", 1024, 0, 1 << 20,
            "memory-mapped I/O size");
    static final PluginOption<Integer> WAL_AUTOCHECKPOINT = PluginOption.integer("wal_autocheckpoint", 4000, 0,
            10_000_000, "WAL size in pages that triggers a checkpoint at commit");
    static final PluginOption<Integer> READ_THREADS = PluginOption.integer("read_threads", 2, 1, 16,
            "connections (and threads) an ordered read of many snapshots may use");

    static final PluginOption<Integer> READ_WORKERS = PluginOption.integer("read_workers", 8, 1, 256,
            "platform threads that run the reads of web requests, so that the OS shares the cores among them");

    static final List<PluginOption<?>> OPTIONS = List.of(PAGE_SIZE, BUSY_TIMEOUT_MS, WRITER_CACHE_MB,
            READER_CACHE_MB, MMAP_MB, WAL_AUTOCHECKPOINT, READ_THREADS, READ_WORKERS);

    public static SqlitePragmas defaults() {
        return new SqlitePragmas(PAGE_SIZE.defaultValue(), BUSY_TIMEOUT_MS.defaultValue(),
                WRITER_CACHE_MB.defaultValue() * 1024, READER_CACHE_MB.defaultValue() * 1024,
                MMAP_MB.defaultValue() * 1024L * 1024L, WAL_AUTOCHECKPOINT.defaultValue(), READ_THREADS.defaultValue(),
                READ_WORKERS.defaultValue());
    }

    /** The pragmas of the plugin's options. */
    static SqlitePragmas from(PluginOptions options) {
        int pageSize = options.get(PAGE_SIZE);
        if (Integer.bitCount(pageSize) != 1) {
            throw new SettingsException(options.key(PAGE_SIZE), pageSize, "expected a power of two from 512 to 65536");
        }
        return new SqlitePragmas(pageSize, options.get(BUSY_TIMEOUT_MS), options.get(WRITER_CACHE_MB) * 1024,
                options.get(READER_CACHE_MB) * 1024, options.get(MMAP_MB) * 1024L * 1024L,
                options.get(WAL_AUTOCHECKPOINT), options.get(READ_THREADS), options.get(READ_WORKERS));
    }
}
