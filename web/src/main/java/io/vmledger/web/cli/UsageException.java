package io.vmledger.web.cli;

/** Wrong command-line use: the launcher prints the message and the command's usage, and exits 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
