package io.vmledger.web.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HttpException;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.Json;
import io.vmledger.web.http.QueryParams;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON object body of an operational request: sent as {@code Content-Type: application/json}
 * (anything else is 415), at most {@value #MAX_BYTES} bytes, one JSON object and nothing after it, only
 * the fields the route declares, string values only, without control characters. An absent or empty
 * body reads as {@code {}} whatever its type.
 */
final class JsonBody {
    static final int MAX_BYTES = 16 * 1024;

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    static JsonBody read(ServerRequest req, Set<String> allowed) {
        byte[] bytes = req.content().hasEntity() ? readCapped(req) : new byte[0];
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new JsonBody(JsonNodeFactory.instance.objectNode());
        }
        requireJsonType(req);
        JsonNode parsed = parse(text);
        if (!(parsed instanceof ObjectNode obj)) {
            throw new BadRequestException("body", "the request body must be a JSON object");
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new BadRequestException(f, "unknown field '" + ApiParams.truncate(f) + "' in the request body"
                        + (allowed.isEmpty() ? " (this operation takes no fields)"
                        : " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
            JsonNode v = obj.get(f);
            if (!v.isTextual()) {
                throw new BadRequestException(f, "field '" + f + "' must be a string");
            }
            if (v.asText().length() > 64) {
                throw new BadRequestException(f, "field '" + f + "' is longer than 64 characters");
            }
            if (QueryParams.hasControlCharacter(v.asText())) {
                throw new BadRequestException(f, "field '" + f + "' must not contain control characters");
            }
        }
        return new JsonBody(obj);
    }

    Optional<String> string(String field) {
        JsonNode v = node.get(field);
        return v == null ? Optional.empty() : Optional.of(v.asText().trim());
    }

    String required(String field, String what) {
        return string(field).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new BadRequestException(field, "field '" + field + "' is required: " + what));
    }

    /** A body needs a JSON media type ({@code application/json}, or {@code application/<x>+json}), else 415. */
    private static void requireJsonType(ServerRequest req) {
        Optional<HttpMediaType> type = req.headers().contentType();
        boolean json = type.isPresent() && type.get().mediaType().type().equalsIgnoreCase("application")
                && (type.get().mediaType().subtype().equalsIgnoreCase("json")
                || type.get().mediaType().subtype().toLowerCase(Locale.ROOT).endsWith("+json"));
        if (!json) {
            throw new HttpException("the request body must be JSON sent with 'Content-Type: application/json'"
                    + type.map(t -> ", not '" + ApiParams.truncate(t.text()) + "'").orElse(" (the header is missing)"),
                    Status.UNSUPPORTED_MEDIA_TYPE_415, true);
        }
    }

    /** One JSON value and nothing after it but white space. */
    private static JsonNode parse(String text) {
        try (JsonParser parser = Json.mapper().createParser(text)) {
            JsonNode parsed = Json.mapper().readTree(parser);
            try {
                if (parser.nextToken() != null) {
                    throw junkAfterJson(parser);
                }
            } catch (JsonProcessingException e) {
                throw junkAfterJson(parser);
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("body", "the request body is not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse("parse error"));
        } catch (IOException e) {
            throw new BadRequestException("body", "the request body could not be read: " + e.getMessage());
        }
    }

    private static BadRequestException junkAfterJson(JsonParser parser) {
        return new BadRequestException("body", "the request body has more after its JSON object (at character "
                + (parser.currentTokenLocation().getCharOffset() + 1) + "); send one JSON object only");
    }

    private static byte[] readCapped(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new BadRequestException("body", "the request body is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestException("body", "the request body could not be read: " + e.getMessage());
        }
    }
}
