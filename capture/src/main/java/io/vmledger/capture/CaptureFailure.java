package io.vmledger.capture;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Why a vCenter's capture failed, in a few kinds an operator acts on differently: the metrics count failures
 * by it ({@code vmledger_capture_failures_total{cause}}). The kind comes from the failure's cause chain, so any
 * source's transport errors are classified alike; a source marks what only it can tell (a refused login) with
 * {@link CaptureException#CaptureException(CaptureFailure, String, Throwable)}.
 */
public enum CaptureFailure {
    /** The capture refused to start: the store's disk has less free space than the capture floor. */
    LOW_DISK,
    /** The vCenter could not be reached: connection refused, unknown host, no route. */
    UNREACHABLE,
    /** The vCenter did not answer in time. */
    TIMEOUT,
    /** The TLS handshake failed (a certificate that is not trusted, say). */
    TLS,
    /** The vCenter refused the login. */
    LOGIN,
    /** Another failure of the source: a vSphere fault, an answer that cannot be read. */
    SOURCE,
    /** The source answered with rows of another vCenter or snapshot time (a bug of the source). */
    INVALID_INVENTORY,
    /** Writing the snapshot to the store failed (stages persist, lifecycle, register, compat, commit). */
    STORAGE,
    /** The run was interrupted (the service is stopping). */
    INTERRUPTED,
    /** A failure of vmledger itself (an error, a bug). */
    INTERNAL;

    /** The label value: lower case with dashes ({@code invalid-inventory}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind of {@code failure}, thrown in {@code stage}. */
    public static CaptureFailure of(CaptureStage stage, Throwable failure) {
        if (stage == CaptureStage.SPACE) {
            return LOW_DISK;
        }
        if (stage != CaptureStage.CAPTURE) {
            return interrupted(failure) ? INTERRUPTED : STORAGE;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CaptureException c && c.failure() != null) {
                return c.failure();
            }
        }
        if (interrupted(failure)) {
            return INTERRUPTED;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException) {
                return UNREACHABLE;
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return TLS;
            }
        }
        return failure instanceof Error ? INTERNAL : SOURCE;
    }

    private static boolean interrupted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException
                    || t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)) {
                return true;
            }
        }
        return false;
    }
}
