package io.vmledger.web.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.vmledger.web.http.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /openapi}: the OpenAPI 3 document of the API, kept by hand in {@code openapi/openapi.yaml}
 * (a test checks it against every registered route). YAML by default; JSON for {@code ?format=json}
 * or an {@code Accept} header that asks for JSON (as Swagger UI sends). Public, like the UI.
 */
public final class OpenApiDocument implements HttpService {
    public static final String PATH = "/openapi";
    static final String RESOURCE = "/openapi/openapi.yaml";

    private final String yaml;
    private final String json;

    public OpenApiDocument() {
        this.yaml = load();
        this.json = Json.write(parse(yaml));
    }

    /** The document as a YAML tree (for tests and for the JSON rendering). */
    public static Map<String, Object> parse(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    public static String load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        ApiParams q = ApiParams.of(req, java.time.ZoneOffset.UTC, Set.of("format"));
        boolean asJson = q.choice("format", f -> switch (f.toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "yaml" -> false;
            default -> throw new IllegalArgumentException("must be yaml or json, got '" + ApiParams.truncate(f) + "'");
        }).orElseGet(() -> req.headers().first(HeaderNames.ACCEPT)
                .map(a -> a.toLowerCase(Locale.ROOT))
                .map(a -> a.contains("application/json") && !a.contains("yaml"))
                .orElse(false));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (asJson) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json);
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=UTF-8");
            res.send(yaml);
        }
    }
}
