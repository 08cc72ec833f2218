package io.vmledger.capture.vsphere;

import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.MethodFault;
import com.vmware.vim25.NotAuthenticated;

/** Reading yavijava's faults: one-line descriptions and the session-loss test. */
final class Faults {

    private Faults() {
    }

    /** Whether the failure is, or was caused by, a vSphere fault of the given type (or a subtype). */
    static boolean is(Throwable failure, Class<? extends MethodFault> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure means the server no longer knows the session (expired, terminated, vCenter restarted). */
    static boolean isSessionLoss(Throwable failure) {
        return is(failure, NotAuthenticated.class);
    }

    /** A one-line description: the vSphere fault's type and message, or the transport error's. */
    static String describe(Throwable failure) {
        Throwable t = failure;
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SoapFaultReader.VsphereFaultException) {
                return c.getMessage();
            }
            t = c;
        }
        // Transport errors arrive wrapped; the innermost cause says what went wrong.
        String message = t.getMessage();
        String type = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** A one-line description of a per-property fault of a retrieval. */
    static String describe(LocalizedMethodFault fault) {
        if (fault == null) {
            return "unknown fault";
        }
        String type = fault.getFault() == null ? "fault" : fault.getFault().getClass().getSimpleName();
        return fault.getLocalizedMessage() == null ? type : type + ": " + fault.getLocalizedMessage();
    }
}
