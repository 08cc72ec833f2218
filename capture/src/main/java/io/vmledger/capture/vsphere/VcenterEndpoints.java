package io.vmledger.capture.vsphere;

import io.vmledger.api.settings.SettingsException;
import io.vmledger.api.settings.VcenterEndpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Parses and validates the entries of the {@code vcenters} configuration list. The configuration binder hands
 * each entry over as a plain map of strings; errors name the key, e.g. {@code vcenters[1].password_env}, and
 * never show a password.
 *
 * <p>Keys of one entry: {@code name} (default: the URL's host), {@code url} ({@code https://vc01.example.com/sdk};
 * {@code /sdk} is added when the URL has no path), {@code username}, exactly one of {@code password},
 * {@code password_env} (name of an environment variable) and {@code password_file} (a file whose first line is
 * the password), {@code insecure} (default false), {@code truststore} (a PEM certificate bundle, or a JKS/PKCS12
 * store readable without a password) and {@code timeout_seconds} (default 60).
 */
public final class VcenterEndpoints {

    public static final String NAME = "name";
    public static final String URL = "url";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String PASSWORD_ENV = "password_env";
    public static final String PASSWORD_FILE = "password_file";
    public static final String INSECURE = "insecure";
    public static final String TRUSTSTORE = "truststore";
    public static final String TIMEOUT_SECONDS = "timeout_seconds";

    /** Every key an entry may have. */
    public static final Set<String> KEYS = Set.of(NAME, URL, USERNAME, PASSWORD, PASSWORD_ENV, PASSWORD_FILE,
            INSECURE, TRUSTSTORE, TIMEOUT_SECONDS);

    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private VcenterEndpoints() {
    }

    /**
     * Parses every entry of the list (indexes from 0, as in the configuration) and checks that names are unique.
     *
     * @param environment looks up environment variables (pass {@code System::getenv})
     */
    public static List<VcenterEndpoint> parseAll(List<Map<String, String>> entries, UnaryOperator<String> environment) {
        List<VcenterEndpoint> endpoints = new ArrayList<>(entries.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            VcenterEndpoint endpoint = parse(i, entries.get(i), environment);
            Integer other = seen.putIfAbsent(endpoint.name().toLowerCase(Locale.ROOT), i);
            if (other != null) {
                throw new SettingsException(key(i, NAME), endpoint.name(),
                        "names must be unique; vcenters[" + other + "] has the same name");
            }
            endpoints.add(endpoint);
        }
        return List.copyOf(endpoints);
    }

    /** {@link #parse(int, Map, UnaryOperator)} with the process environment. */
    public static VcenterEndpoint parse(int index, Map<String, String> entry) {
        return parse(index, entry, System::getenv);
    }

    /**
     * Parses one entry.
     *
     * @param index       the entry's position in the list, used in error messages ({@code vcenters[index].key})
     * @param entry       the entry's keys and values
     * @param environment looks up environment variables for {@code password_env}
     * @throws SettingsException naming the first invalid key
     */
    public static VcenterEndpoint parse(int index, Map<String, String> entry, UnaryOperator<String> environment) {
        Set<String> unknown = new TreeSet<>(entry.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new SettingsException(key(index, first), entry.get(first),
                    "unknown key; allowed: " + String.join(", ", new TreeSet<>(KEYS)));
        }

        URI url = parseUrl(index, value(entry, URL));
        String name = value(entry, NAME);
        if (name == null) {
            name = url.getHost();
        } else if (!name.matches("[A-Za-z0-9][A-Za-z0-9._:-]*")) {
            throw new SettingsException(key(index, NAME), name,
                    "expected a host-name-like key (letters, digits, '.', '_', ':', '-')");
        }

        String username = value(entry, USERNAME);
        if (username == null) {
            throw new SettingsException(key(index, USERNAME), "", "a user name is required");
        }

        String password = password(index, entry, environment);
        boolean insecure = parseBoolean(index, INSECURE, value(entry, INSECURE), false);
        String truststore = value(entry, TRUSTSTORE);
        if (truststore != null) {
            if (insecure) {
                throw new SettingsException(key(index, TRUSTSTORE), truststore,
                        "insecure=true accepts any certificate; set either insecure or truststore, not both");
            }
            Path path = Path.of(truststore);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new SettingsException(key(index, TRUSTSTORE), truststore, "expected a readable file");
            }
            // Load it now so that a bad file fails at startup rather than at the first capture.
            try {
                VsphereTls.loadTrustStore(path);
            } catch (IOException | RuntimeException e) {
                throw new SettingsException(key(index, TRUSTSTORE), truststore,
                        "expected a PEM certificate bundle or a JKS/PKCS12 trust store (" + e.getMessage() + ")");
            }
        }
        int timeout = parseInt(index, TIMEOUT_SECONDS, value(entry, TIMEOUT_SECONDS), DEFAULT_TIMEOUT_SECONDS, 1, 3600);
        return new VcenterEndpoint(name, url.toString(), username, password, insecure, truststore, timeout);
    }

    static String key(int index, String key) {
        return "vcenters[" + index + "]." + key;
    }

    private static String value(Map<String, String> entry, String key) {
        String v = entry.get(key);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    private static URI parseUrl(int index, String value) {
        if (value == null) {
            throw new SettingsException(key(index, URL), "", "a URL such as https://vc01.example.com/sdk is required");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new SettingsException(key(index, URL), value, "expected a URL such as https://vc01.example.com/sdk");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new SettingsException(key(index, URL), value, "expected an https:// (or http://) URL");
        }
        if (uri.getHost() == null) {
            throw new SettingsException(key(index, URL), value, "expected a URL with a host name");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the credentials back.
            throw new SettingsException(key(index, URL), scheme + "://****@" + uri.getHost(),
                    "credentials do not belong in the URL; use username and password/password_env/password_file");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new SettingsException(key(index, URL), value, "expected a URL without query or fragment");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/") ? "/sdk" : uri.getPath();
        try {
            return new URI(scheme, null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new SettingsException(key(index, URL), value, "expected a URL such as https://vc01.example.com/sdk");
        }
    }

    private static String password(int index, Map<String, String> entry, UnaryOperator<String> environment) {
        List<String> given = new ArrayList<>();
        for (String k : List.of(PASSWORD, PASSWORD_ENV, PASSWORD_FILE)) {
            if (entry.get(k) != null && !entry.get(k).isEmpty()) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            String shown = given.isEmpty() ? "" : String.join(", ", given);
            throw new SettingsException(key(index, given.isEmpty() ? PASSWORD : given.get(1)), shown,
                    "set exactly one of password, password_env, password_file");
        }
        switch (given.getFirst()) {
            case PASSWORD -> {
                return entry.get(PASSWORD);
            }
            case PASSWORD_ENV -> {
                String variable = entry.get(PASSWORD_ENV).trim();
                String password = environment.apply(variable);
                if (password == null || password.isEmpty()) {
                    throw new SettingsException(key(index, PASSWORD_ENV), variable,
                            "the environment variable is not set or empty");
                }
                return password;
            }
            default -> {
                String file = entry.get(PASSWORD_FILE).trim();
                try {
                    List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
                    String password = lines.isEmpty() ? "" : stripLineEnd(lines.getFirst());
                    if (password.isEmpty()) {
                        throw new SettingsException(key(index, PASSWORD_FILE), file, "the file's first line is empty");
                    }
                    return password;
                } catch (IOException | RuntimeException e) {
                    if (e instanceof SettingsException se) {
                        throw se;
                    }
                    throw new SettingsException(key(index, PASSWORD_FILE), file,
                            "expected a readable file holding the password (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
    }

    private static String stripLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean parseBoolean(int index, String k, String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SettingsException(key(index, k), value, "expected true or false");
        };
    }

    private static int parseInt(int index, String k, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException(key(index, k), value, "expected an integer from " + min + " to " + max);
    }
}
