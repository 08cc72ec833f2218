package io.vmledger.storage.spi;

/**
 * One pool of a store's connections, as the metrics see it ({@code vmledger_storage_connections_*}): how many
 * are in use, how many callers wait for one, and how long getting one took. Offered by
 * {@link Storage#connectionPools()}; a plugin names its pools ({@code postgres}, {@code sqlite-writer}).
 */
public interface ConnectionPool {

    /** The pool's name, the {@code pool} label of its meters. */
    String name();

    /** The figures now; cheap enough to be read at every scrape. */
    Stats stats();

    /**
     * The figures of a pool at one moment.
     *
     * @param active         connections handed out and not given back
     * @param idle           open connections waiting in the pool
     * @param max            the most connections the pool opens, 0 when it has no limit
     * @param pending        callers waiting for a connection now
     * @param acquired       connections handed out since the store was opened
     * @param acquireSeconds time spent getting them (waiting for a free one, or opening one), summed
     * @param timeouts       callers that gave up waiting since the store was opened
     */
    record Stats(int active, int idle, int max, int pending, long acquired, double acquireSeconds, long timeouts) {
    }
}
