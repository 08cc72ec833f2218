package io.vmledger.storage.spi;

/** A failure of the underlying store (connection, SQL, I/O), unchecked so stores keep small signatures. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
