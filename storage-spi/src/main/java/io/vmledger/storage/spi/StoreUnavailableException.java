package io.vmledger.storage.spi;

/**
 * The store cannot be reached or cannot take work now: the server is down or unreachable, the network
 * is cut, every pooled connection is busy for longer than a caller may wait, a file cannot be opened.
 * Unlike other {@link StorageException}s it says nothing about the request: the same call may succeed
 * once the store is back, so the web layer answers it with 503 and {@code Retry-After}, never 500.
 */
public class StoreUnavailableException extends StorageException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
