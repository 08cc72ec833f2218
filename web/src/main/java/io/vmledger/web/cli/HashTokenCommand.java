package io.vmledger.web.cli;

import io.vmledger.web.auth.TokenVerifier;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * {@code hash-token}: prints the hex SHA-256 of an API token, the value {@code auth.tokens[].sha256}
 * expects. The token is read from the terminal without echo, or from standard input, never from the
 * command line (where shell history and {@code ps} would keep it). {@code --generate} makes a new
 * random token and prints it once, with its digest.
 */
final class HashTokenCommand implements Command {
    /** Bytes of randomness in a generated token (256 bits). */
    static final int GENERATED_BYTES = 32;

    @Override
    public String name() {
        return "hash-token";
    }

    @Override
    public String summary() {
        return "print the SHA-256 of an API token for auth.tokens (reads it from stdin; --generate makes one)";
    }

    @Override
    public String usage() {
        return """
                  --generate               make a new random token, print it once and its digest
                  --label NAME             print an auth.tokens entry with this label (default: the digest only)
                  --role viewer|admin      role of that entry (default viewer)
                The token is read from standard input (one line), or prompted for without echo on a terminal.
                """;
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("label", "role");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("generate");
    }

    @Override
    public int run(CliOptions options) throws IOException {
        String role = options.value("role").map(r -> r.toLowerCase(Locale.ROOT)).orElse("viewer");
        if (!role.equals("viewer") && !role.equals("admin")) {
            throw new UsageException("option --role must be viewer or admin, got '" + role + "'");
        }
        if (options.value("role").isPresent() && options.value("label").isEmpty()) {
            throw new UsageException("option --role goes with --label");
        }
        String token;
        if (options.flag("generate")) {
            byte[] random = new byte[GENERATED_BYTES];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.out.println("token:  " + token + "   (shown once: give it to the client, keep only the digest)");
        } else {
            token = readToken();
        }
        String digest = TokenVerifier.sha256Hex(token);
        if (options.value("label").isPresent()) {
            String label = options.value("label").get();
            if (!label.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new UsageException("option --label must be 1 to 64 letters, digits or . _ @ -");
            }
            System.out.println("""
                    auth:
                      enabled: true
                      tokens:
                        - label: %s
                          role: %s
                          sha256: %s""".formatted(label, role, digest));
        } else {
            System.out.println(options.flag("generate") ? "sha256: " + digest : digest);
        }
        return 0;
    }

    private static String readToken() throws IOException {
        Console console = System.console();
        String token;
        if (console != null && System.in.available() == 0) {
            char[] chars = console.readPassword("token: ");
            token = chars == null ? null : new String(chars);
        } else {
            token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (token == null || token.strip().isEmpty()) {
            throw new UsageException("no token given on standard input");
        }
        token = token.strip();
        if (token.length() > TokenVerifier.MAX_TOKEN_LENGTH) {
            throw new UsageException("the token is longer than " + TokenVerifier.MAX_TOKEN_LENGTH + " characters");
        }
        return token;
    }
}
