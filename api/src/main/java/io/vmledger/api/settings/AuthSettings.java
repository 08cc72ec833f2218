package io.vmledger.api.settings;

import java.util.List;
import java.util.Objects;

/**
 * Authentication: bearer tokens for the API ({@code auth.enabled}, {@code auth.tokens}) and the sign-in
 * of the web UI ({@code auth.ui}, {@code auth.ui_session_minutes}).
 *
 * @param enabled        whether {@code /api/**} needs a token
 * @param tokens         the accepted tokens (the UI's sign-in accepts the same ones)
 * @param ui             whether the UI's pages are public or need a signed-in session; admin forms
 *                       need an admin session in both modes
 * @param sessionMinutes how long a UI session lasts without a request before it expires
 */
public record AuthSettings(boolean enabled, List<Token> tokens, UiMode ui, int sessionMinutes) {

    /** Default of {@code auth.ui_session_minutes}. */
    public static final int DEFAULT_SESSION_MINUTES = 30;
    /** Longest {@code auth.ui_session_minutes}: one day. */
    public static final int MAX_SESSION_MINUTES = 24 * 60;

    public AuthSettings {
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(ui, Settings.Keys.AUTH_UI);
        if (sessionMinutes < 1 || sessionMinutes > MAX_SESSION_MINUTES) {
            throw new SettingsException(Settings.Keys.AUTH_UI_SESSION_MINUTES, sessionMinutes,
                    "expected minutes from 1 to " + MAX_SESSION_MINUTES);
        }
        if (ui == UiMode.TOKEN && tokens.isEmpty()) {
            throw new SettingsException(Settings.Keys.AUTH_UI, "token", "needs at least one entry in auth.tokens");
        }
    }

    /** API authentication as given, the UI public. */
    public AuthSettings(boolean enabled, List<Token> tokens) {
        this(enabled, tokens, UiMode.PUBLIC, DEFAULT_SESSION_MINUTES);
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

    /** {@code auth.ui}: {@code public} pages, or every page behind a {@code token} sign-in. */
    public enum UiMode {
        PUBLIC, TOKEN;

        public static UiMode parse(String value) {
            return Settings.parseEnum(UiMode.class, Settings.Keys.AUTH_UI, value);
        }
    }
}
