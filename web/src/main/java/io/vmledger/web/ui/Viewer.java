package io.vmledger.web.ui;

/**
 * Who is looking at a page: a signed-in session, or nobody (public mode). Only an admin session may
 * use the admin forms, in both modes.
 *
 * @param session the signed-in session, or null
 */
record Viewer(Sessions.Session session) {

    static Viewer anonymous() {
        return new Viewer(null);
    }

    boolean signedIn() {
        return session != null;
    }

    boolean isAdmin() {
        return session != null && session.isAdmin();
    }

    /** The token's label, or null. */
    String label() {
        return session == null ? null : session.caller().label();
    }

    /** {@code admin}, {@code viewer}, or null. */
    String role() {
        return session == null ? null : session.caller().role().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The CSRF token the session's forms carry, or null. */
    String csrf() {
        return session == null ? null : session.csrf();
    }
}
