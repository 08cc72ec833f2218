package io.vmledger.capture;

/** A vCenter could not be captured (unreachable, login refused, a fault the source cannot recover from). */
public class CaptureException extends RuntimeException {

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }

    public CaptureException(String message) {
        super(message);
    }
}
