package io.vmledger.capture;

/** A vCenter could not be captured (unreachable, login refused, a fault the source cannot recover from). */
public class CaptureException extends RuntimeException {
    private final CaptureFailure failure;

    public CaptureException(String message, Throwable cause) {
        this(null, message, cause);
    }

    public CaptureException(String message) {
        this(null, message, null);
    }

    /**
     * A failure whose kind the source knows better than the cause chain tells (a refused login).
     *
     * @param failure the kind, or null to let {@link CaptureFailure#of} read it from the causes
     */
    public CaptureException(CaptureFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** The kind the source gave, or null. */
    public CaptureFailure failure() {
        return failure;
    }
}
