package io.vmledger.web.ui;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A submitted HTML form ({@code application/x-www-form-urlencoded}, at most 8 KB): first value of each field. */
final class Forms {
    static final int MAX_BYTES = 8 * 1024;

    private final Map<String, String> fields;

    private Forms(Map<String, String> fields) {
        this.fields = fields;
    }

    static Forms read(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new UiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "Not a form",
                    "This address takes an HTML form (application/x-www-form-urlencoded).");
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BYTES) {
            throw new UiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "Form too large",
                    "The form is larger than " + MAX_BYTES + " bytes.");
        }
        return new Forms(parse(new String(body, StandardCharsets.UTF_8)));
    }

    static Map<String, String> parse(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw UiException.badRequest("The form is not correctly encoded.");
            }
        }
        return out;
    }

    /** A non-blank field, trimmed. */
    Optional<String> get(String name) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** A field that must be there; its absence is a 400 page naming it. */
    String required(String name, String what) {
        return get(name).orElseThrow(() -> UiException.badRequest("The form lacks " + what + " ('" + name + "')."));
    }
}
