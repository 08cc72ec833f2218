package io.vmledger.api.settings;

import java.util.List;
import java.util.Objects;

/**
 * Bearer-token authentication of the API ({@code auth.*}).
 *
 * @param enabled whether {@code /api/**} needs a token
 * @param tokens  the accepted tokens
 */
public record AuthSettings(boolean enabled, List<Token> tokens) {

    public AuthSettings {
        tokens = List.copyOf(tokens);
    }

    public static AuthSettings disabled() {
        return new AuthSettings(false, List.of());
    }

    /**
     * One accepted token: its label (for logs and job records), role, and the hex SHA-256 of the token.
     */
    public record Token(String label, Role role, String sha256) {
        public Token {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    public enum Role { VIEWER, ADMIN }
}
