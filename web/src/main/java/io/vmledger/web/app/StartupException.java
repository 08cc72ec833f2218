package io.vmledger.web.app;

/**
 * The service cannot start: its port is taken, its store cannot be opened. The message is one line
 * for the operator; {@code bin/vmledger} prints it and exits with status 2, as for an invalid setting.
 */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The messages of an exception and of its causes on one line, each once. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
                sb.append(": ").append(cause.getMessage());
            }
        }
        return String.join(" ", sb.toString().strip().lines().map(String::strip).toList());
    }
}
