package io.vmledger.web.auth;

import io.vmledger.api.settings.AuthSettings.Role;

import java.util.Objects;

/**
 * Who made an API request: the label of the token they presented and its role, or
 * {@link #anonymous()} when authentication is off. Never holds the token itself.
 */
public record Caller(String label, Role role) {

    public Caller {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(role, "role");
    }

    /** The caller when {@code auth.enabled} is false: every route is open, so it acts as an admin. */
    public static Caller anonymous() {
        return new Caller("anonymous", Role.ADMIN);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
