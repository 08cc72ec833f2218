package io.vmledger.capture;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.rmi.RemoteException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kinds of capture failure the metrics count, read from the cause chain of what a source throws. */
class CaptureFailureTest {

    private static CaptureFailure capture(Throwable cause) {
        return CaptureFailure.of(CaptureStage.CAPTURE, new CaptureException("vcenter vc-1: failed", cause));
    }

    @Test
    void transportFailuresAreClassifiedByTheirInnermostCause() {
        assertEquals(CaptureFailure.UNREACHABLE, capture(new RemoteException("x", new ConnectException("refused"))));
        assertEquals(CaptureFailure.UNREACHABLE, capture(new IOException("x", new UnknownHostException("vc.example"))));
        assertEquals(CaptureFailure.TIMEOUT, capture(new RemoteException("x", new SocketTimeoutException("read"))));
        assertEquals(CaptureFailure.TLS, capture(new IOException("x", new SSLHandshakeException("PKIX path"))));
        assertEquals(CaptureFailure.SOURCE, capture(new RemoteException("InvalidProperty")));
        assertEquals(CaptureFailure.SOURCE, capture(null));
    }

    @Test
    void aKindTheSourceGaveWinsAndGivingUpAfterRetriesKeepsIt() {
        CaptureException login = new CaptureException(CaptureFailure.LOGIN, "login refused", new IOException("x"));
        assertEquals(CaptureFailure.LOGIN, CaptureFailure.of(CaptureStage.CAPTURE,
                new CaptureException("gave up after 3 attempts: login refused", login)));
    }

    @Test
    void storageStagesAndInterruptionsHaveKindsOfTheirOwn() {
        RuntimeException db = new RuntimeException("SQLite: cannot write", new SQLException("disk I/O error"));
        for (CaptureStage stage : new CaptureStage[] {CaptureStage.PERSIST, CaptureStage.LIFECYCLE,
                CaptureStage.REGISTER, CaptureStage.COMPAT, CaptureStage.COMMIT}) {
            assertEquals(CaptureFailure.STORAGE, CaptureFailure.of(stage, db));
        }
        assertEquals(CaptureFailure.LOW_DISK, CaptureFailure.of(CaptureStage.SPACE,
                new IllegalStateException("12 MB free, the capture needs 512 MB")));
        assertEquals("low-disk", CaptureFailure.LOW_DISK.wire());
        assertEquals(CaptureFailure.INTERRUPTED, capture(new InterruptedException()));
        assertEquals(CaptureFailure.INTERRUPTED, capture(new InterruptedIOException("closed")));
        assertEquals(CaptureFailure.TIMEOUT, capture(new SocketTimeoutException("a timeout is not an interruption")));
        assertEquals("invalid-inventory", CaptureFailure.INVALID_INVENTORY.wire());
    }
}
