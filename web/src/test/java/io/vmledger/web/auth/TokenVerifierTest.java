package io.vmledger.web.auth;

import io.vmledger.api.settings.AuthSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenVerifierTest {

    @Test
    void digestIsTheHexSha256OfTheUtf8Token() {
        // FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenVerifier.sha256Hex("abc"));
    }

    @Test
    void aTokenIsMatchedToItsLabelAndRoleAndNothingElseMatches() {
        TokenVerifier v = new TokenVerifier(List.of(
                new AuthSettings.Token("ci", AuthSettings.Role.VIEWER, TokenVerifier.sha256Hex("viewer-secret")),
                new AuthSettings.Token("ops", AuthSettings.Role.ADMIN, TokenVerifier.sha256Hex("admin-secret"))));
        assertEquals(new Caller("ci", AuthSettings.Role.VIEWER), v.verify("viewer-secret").orElseThrow());
        assertEquals(new Caller("ops", AuthSettings.Role.ADMIN), v.verify("admin-secret").orElseThrow());
        assertTrue(v.verify("admin-secreT").isEmpty());
        assertTrue(v.verify("").isEmpty());
        assertTrue(v.verify(null).isEmpty());
        assertTrue(v.verify(TokenVerifier.sha256Hex("admin-secret")).isEmpty(), "the digest itself is no token");
        assertTrue(v.verify("a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1)).isEmpty());
        assertTrue(new TokenVerifier(List.of()).verify("anything").isEmpty());
    }

    @Test
    void bearerHeaderParsing() {
        assertEquals("abc", BearerTokenFilter.bearerToken("Bearer abc"));
        assertEquals("abc", BearerTokenFilter.bearerToken("bearer   abc "));
        assertNull(BearerTokenFilter.bearerToken("Basic abc"));
        assertNull(BearerTokenFilter.bearerToken("Bearer"));
        assertNull(BearerTokenFilter.bearerToken("Bearerabc"));
    }

    @Test
    void everySpellingOfAnApiPathIsProtected() {
        for (String p : List.of("/api", "/api/", "/api/jobs", "//api/jobs", "/API/jobs", "/%61pi/jobs",
                "/x/../api/jobs", "/./api", "/api%2Fjobs", "/%2561pi/jobs", "/api;x=1/jobs", "/;a/api", "/%3Bx/api/jobs")) {
            assertTrue(BearerTokenFilter.isProtected(p), p);
        }
        for (String p : List.of("/", "/openapi", "/swagger/", "/observe/health", "/apidocs", "/ui/api/x")) {
            assertFalse(BearerTokenFilter.isProtected(p), p);
        }
    }
}
