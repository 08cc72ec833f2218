package io.vmledger.capture.vsphere;

import io.vmledger.api.settings.SettingsException;
import io.vmledger.api.settings.VcenterEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VcenterEndpointsTest {

    private static final UnaryOperator<String> ENV = name -> Map.of("VC01_PASSWORD", "from-env").get(name);

    @TempDir
    Path dir;

    private static Map<String, String> entry(String... keysAndValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static SettingsException invalid(int index, Map<String, String> entry) {
        return assertThrows(SettingsException.class, () -> VcenterEndpoints.parse(index, entry, ENV));
    }

    @Test
    void aFullEntryIsParsed() {
        VcenterEndpoint e = VcenterEndpoints.parse(0, entry("name", "vc01", "url", "https://vc01.example.com/sdk",
                "username", "svc-ledger@vsphere.local", "password_env", "VC01_PASSWORD", "timeout_seconds", "45"), ENV);
        assertEquals("vc01", e.name());
        assertEquals("https://vc01.example.com/sdk", e.url());
        assertEquals("svc-ledger@vsphere.local", e.username());
        assertEquals("from-env", e.password());
        assertFalse(e.insecure());
        assertNull(e.truststore());
        assertEquals(45, e.timeoutSeconds());
        assertFalse(e.toString().contains("from-env"), "toString hides the password");
    }

    @Test
    void defaultsNameFromTheHostPathSdkAndTimeout() {
        VcenterEndpoint e = VcenterEndpoints.parse(0, entry("url", "https://vc02.example.com:8443",
                "username", "u", "password", "p", "insecure", "TRUE"), ENV);
        assertEquals("vc02.example.com", e.name());
        assertEquals("https://vc02.example.com:8443/sdk", e.url());
        assertTrue(e.insecure());
        assertEquals(VcenterEndpoints.DEFAULT_TIMEOUT_SECONDS, e.timeoutSeconds());
    }

    @Test
    void aPasswordFileGivesItsFirstLine() throws IOException {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret with spaces \r\nsecond line\n");
        VcenterEndpoint e = VcenterEndpoints.parse(0, entry("url", "https://vc01/sdk", "username", "u",
                "password_file", file.toString()), ENV);
        assertEquals("s3cret with spaces ", e.password());
    }

    @Test
    void exactlyOnePasswordSourceIsRequired() {
        SettingsException none = invalid(2, entry("url", "https://vc01/sdk", "username", "u"));
        assertEquals("vcenters[2].password", none.key());
        assertTrue(none.getMessage().contains("exactly one of password, password_env, password_file"), none.getMessage());

        SettingsException two = invalid(1, entry("url", "https://vc01/sdk", "username", "u", "password", "hunter2",
                "password_env", "VC01_PASSWORD"));
        assertEquals("vcenters[1].password_env", two.key());
        assertFalse(two.getMessage().contains("hunter2"), two.getMessage());
    }

    @Test
    void anUnsetPasswordVariableIsNamed() {
        SettingsException e = invalid(1, entry("url", "https://vc01/sdk", "username", "u", "password_env", "NOPE"));
        assertEquals("vcenters[1].password_env", e.key());
        assertTrue(e.getMessage().contains("NOPE") && e.getMessage().contains("not set"), e.getMessage());
    }

    @Test
    void anUnreadableOrEmptyPasswordFileIsNamed() throws IOException {
        SettingsException missing = invalid(0, entry("url", "https://vc01/sdk", "username", "u",
                "password_file", dir.resolve("missing").toString()));
        assertEquals("vcenters[0].password_file", missing.key());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        SettingsException blank = invalid(0, entry("url", "https://vc01/sdk", "username", "u",
                "password_file", empty.toString()));
        assertEquals("vcenters[0].password_file", blank.key());
    }

    @Test
    void badUrlsAreRejectedWithoutEchoingCredentials() {
        assertEquals("vcenters[0].url", invalid(0, entry("username", "u", "password", "p")).key());
        assertEquals("vcenters[0].url", invalid(0, entry("url", "ftp://vc01/sdk", "username", "u", "password", "p")).key());
        assertEquals("vcenters[0].url", invalid(0, entry("url", "vc01.example.com", "username", "u", "password", "p")).key());
        SettingsException withUser = invalid(0, entry("url", "https://admin:hunter2@vc01/sdk", "username", "u", "password", "p"));
        assertEquals("vcenters[0].url", withUser.key());
        assertFalse(withUser.getMessage().contains("hunter2"), withUser.getMessage());
    }

    @Test
    void otherKeysAreValidated() {
        assertEquals("vcenters[3].username", invalid(3, entry("url", "https://vc01/sdk", "password", "p")).key());
        assertEquals("vcenters[0].insecure",
                invalid(0, entry("url", "https://vc01/sdk", "username", "u", "password", "p", "insecure", "maybe")).key());
        assertEquals("vcenters[0].timeout_seconds",
                invalid(0, entry("url", "https://vc01/sdk", "username", "u", "password", "p", "timeout_seconds", "0")).key());
        assertEquals("vcenters[0].timeout_seconds",
                invalid(0, entry("url", "https://vc01/sdk", "username", "u", "password", "p", "timeout_seconds", "ten")).key());
        assertEquals("vcenters[0].name",
                invalid(0, entry("name", "vc 01", "url", "https://vc01/sdk", "username", "u", "password", "p")).key());
        SettingsException unknown = invalid(0, entry("url", "https://vc01/sdk", "username", "u", "password", "p", "pasword", "x"));
        assertEquals("vcenters[0].pasword", unknown.key());
        assertTrue(unknown.getMessage().contains("allowed:"), unknown.getMessage());
    }

    @Test
    void truststoreMustBeReadableCertificatesAndExcludesInsecure() throws IOException {
        Path notCerts = Files.writeString(dir.resolve("store.pem"), "not a certificate");
        assertEquals("vcenters[0].truststore", invalid(0, entry("url", "https://vc01/sdk", "username", "u",
                "password", "p", "truststore", notCerts.toString())).key());
        assertEquals("vcenters[0].truststore", invalid(0, entry("url", "https://vc01/sdk", "username", "u",
                "password", "p", "truststore", dir.resolve("none.pem").toString())).key());
        assertEquals("vcenters[0].truststore", invalid(0, entry("url", "https://vc01/sdk", "username", "u",
                "password", "p", "insecure", "true", "truststore", notCerts.toString())).key());
    }

    @Test
    void namesMustBeUniqueAcrossTheList() {
        List<Map<String, String>> entries = List.of(
                entry("url", "https://vc01.example.com/sdk", "username", "u", "password", "p"),
                entry("name", "VC01.example.com", "url", "https://other/sdk", "username", "u", "password", "p"));
        SettingsException e = assertThrows(SettingsException.class, () -> VcenterEndpoints.parseAll(entries, ENV));
        assertEquals("vcenters[1].name", e.key());
        assertEquals(1, VcenterEndpoints.parseAll(entries.subList(0, 1), ENV).size());
    }
}
