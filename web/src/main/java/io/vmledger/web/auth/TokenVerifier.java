package io.vmledger.web.auth;

import io.vmledger.api.settings.AuthSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks presented bearer tokens against the configured SHA-256 digests ({@code auth.tokens}).
 * Only digests are kept in memory. The presented token is hashed and compared with every configured
 * digest by {@link MessageDigest#isEqual} (constant time for equal lengths), and the loop never stops
 * early, so the response time does not tell which digest, or how much of one, matched.
 */
public final class TokenVerifier {
    /** Longest token accepted; longer input is rejected before hashing. */
    public static final int MAX_TOKEN_LENGTH = 512;

    private final List<Entry> entries;

    private record Entry(byte[] digest, Caller caller) {
    }

    public TokenVerifier(List<AuthSettings.Token> tokens) {
        HexFormat hex = HexFormat.of();
        this.entries = tokens.stream()
                .map(t -> new Entry(hex.parseHex(t.sha256()), new Caller(t.label(), t.role())))
                .toList();
    }

    /** The caller a token belongs to, or empty when it matches no configured digest. */
    public Optional<Caller> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        Caller match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(presented, e.digest()) && match == null) {
                match = e.caller();
            }
        }
        return Optional.ofNullable(match);
    }

    /** The lower-case hex SHA-256 of a token's UTF-8 bytes, as {@code auth.tokens[].sha256} expects. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
