package io.vmledger.web.config;

import io.vmledger.api.settings.SettingsException;
import io.vmledger.api.settings.VcenterEndpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Parses one entry of the {@code vcenters} list; errors name the entry's key, e.g. {@code vcenters[1].url}. */
final class VcenterEntries {
    private static final Set<String> KEYS = Set.of("name", "url", "username", "password", "password_env",
            "password_file", "insecure", "truststore", "timeout_seconds");

    private VcenterEntries() {
    }

    static VcenterEndpoint parse(int index, Map<String, String> entry) {
        String p = "vcenters[" + index + "].";
        for (String k : entry.keySet()) {
            if (!KEYS.contains(k)) {
                throw new SettingsException(p + k, entry.get(k), "unknown key; allowed: " + String.join(", ", KEYS));
            }
        }
        String name = required(entry, p, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}")) {
            throw new SettingsException(p + "name", name, "expected a host-name-like key (letters, digits, '.', '-', '_')");
        }
        String url = required(entry, p, "url");
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new SettingsException(p + "url", url, "expected an SDK URL such as https://vc01.example.com/sdk");
        }
        String username = required(entry, p, "username");
        String password = password(entry, p);
        boolean insecure = switch (entry.getOrDefault("insecure", "false").trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SettingsException(p + "insecure", entry.get("insecure"), "expected true or false");
        };
        String truststore = entry.get("truststore");
        if (truststore != null && !Files.isReadable(Path.of(truststore))) {
            throw new SettingsException(p + "truststore", truststore, "the file does not exist or cannot be read");
        }
        int timeout;
        try {
            timeout = Integer.parseInt(entry.getOrDefault("timeout_seconds", "60").trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(p + "timeout_seconds", entry.get("timeout_seconds"), "expected a whole number");
        }
        if (timeout < 1 || timeout > 3600) {
            throw new SettingsException(p + "timeout_seconds", timeout, "expected an integer from 1 to 3600");
        }
        return new VcenterEndpoint(name, url, username, password, insecure, truststore, timeout);
    }

    private static String required(Map<String, String> entry, String p, String key) {
        String v = entry.get(key);
        if (v == null || v.isBlank()) {
            throw new SettingsException(p + key, "", "is required");
        }
        return v.trim();
    }

    /** Exactly one of password, password_env, password_file; the value itself never appears in a message. */
    private static String password(Map<String, String> entry, String p) {
        int given = (entry.containsKey("password") ? 1 : 0) + (entry.containsKey("password_env") ? 1 : 0)
                + (entry.containsKey("password_file") ? 1 : 0);
        if (given != 1) {
            throw new SettingsException(p + "password", "****", "give exactly one of password, password_env, password_file");
        }
        if (entry.containsKey("password")) {
            return entry.get("password");
        }
        if (entry.containsKey("password_env")) {
            String var = entry.get("password_env");
            String v = System.getenv(var);
            if (v == null || v.isEmpty()) {
                throw new SettingsException(p + "password_env", var, "the environment variable is not set");
            }
            return v;
        }
        String file = entry.get("password_file");
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SettingsException(p + "password_file", file, "the file cannot be read");
        }
    }
}
