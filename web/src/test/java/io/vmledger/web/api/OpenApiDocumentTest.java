package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document describes exactly the routes the application registers, and Swagger UI serves it. */
class OpenApiDocumentTest {
    private final ApiFixture f = ApiFixture.get();

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> paths() {
        return (Map<String, Map<String, Object>>) OpenApiDocument.parse(OpenApiDocument.load()).get("paths");
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() {
        Set<String> registered = new TreeSet<>();
        for (RouteTable.Route r : f.routes.routes()) {
            registered.add(r.method().text().toLowerCase(Locale.ROOT) + " " + r.path());
        }
        Set<String> documented = new TreeSet<>();
        paths().forEach((path, ops) -> ops.keySet().forEach(m -> documented.add(m + " " + path)));
        assertEquals(registered, documented);
        assertTrue(registered.size() >= 13, registered.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationDocumentsItsErrorsAndEveryPathParameter() {
        Map<String, Object> doc = OpenApiDocument.parse(OpenApiDocument.load());
        Map<String, Object> components = (Map<String, Object>) doc.get("components");
        Map<String, Object> shared = (Map<String, Object>) components.get("parameters");
        paths().forEach((path, ops) -> ops.forEach((method, raw) -> {
            Map<String, Object> op = (Map<String, Object>) raw;
            Map<String, Object> responses = (Map<String, Object>) op.get("responses");
            String where = method + " " + path;
            assertTrue(responses.containsKey("400"), where + " documents 400");
            assertTrue(responses.containsKey("401"), where + " documents 401");
            if (method.equals("post")) {
                assertTrue(responses.containsKey("403"), where + " documents 403");
            }
            Set<String> pathParams = new HashSet<>();
            for (Object p : (List<Object>) op.getOrDefault("parameters", List.of())) {
                Map<String, Object> param = (Map<String, Object>) p;
                if (param.containsKey("$ref")) {
                    String name = ((String) param.get("$ref")).substring("#/components/parameters/".length());
                    param = (Map<String, Object>) shared.get(name);
                    assertNotNull(param, where + " refers to a missing parameter " + name);
                }
                if ("path".equals(param.get("in"))) {
                    pathParams.add((String) param.get("name"));
                }
            }
            Set<String> inTemplate = new HashSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            assertEquals(inTemplate, pathParams, where + " path parameters");
        }));
        assertTrue(((Map<String, Object>) components.get("securitySchemes")).containsKey("bearerAuth"));
    }

    @Test
    void servedAsYamlByDefaultAndAsJsonWhenAsked() {
        ApiFixture.Reply yaml = f.get(f.open, "/openapi");
        assertEquals(200, yaml.status());
        assertTrue(yaml.header("Content-Type").startsWith("application/yaml"), yaml.header("Content-Type"));
        assertTrue(yaml.body().startsWith("openapi: 3.0.3"));

        ApiFixture.Reply json = f.call(f.open, "GET", "/openapi", null, null, Map.of("Accept", "application/json,*/*"));
        assertEquals("application/json", json.header("Content-Type"));
        JsonNode doc = json.json();
        assertEquals("3.0.3", doc.get("openapi").asText());
        assertTrue(doc.get("paths").has("/api/vms/trace"));
        assertEquals(doc, f.get(f.open, "/openapi?format=json").json());
        assertEquals(400, f.get(f.open, "/openapi?format=xml").status());
    }

    @Test
    void swaggerUiIsServedFromTheApplicationAndPointsAtTheDocument() {
        ApiFixture.Reply redirect = f.get(f.open, "/swagger");
        assertEquals(301, redirect.status());
        assertEquals("/swagger/", redirect.header("Location"));

        ApiFixture.Reply index = f.get(f.open, "/swagger/");
        assertEquals(200, index.status());
        assertTrue(index.body().contains("swagger-ui-bundle.js"));
        assertFalse(index.body().contains("http://") || index.body().contains("https://"),
                "the page loads nothing from another host");

        ApiFixture.Reply init = f.get(f.open, "/swagger/swagger-initializer.js");
        assertTrue(init.body().contains("url: \"../openapi?format=json\""), init.body());
        assertTrue(init.body().contains("validatorUrl: null"), "no call to the public validator");
        assertFalse(init.body().contains("petstore"));

        for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css",
                "index.css", "favicon-32x32.png")) {
            ApiFixture.Reply r = f.get(f.open, "/swagger/" + asset);
            assertEquals(200, r.status(), asset);
            assertTrue(r.body().length() > 100, asset);
        }
        assertTrue(f.get(f.open, "/swagger/swagger-ui-bundle.js").body().contains("SwaggerUIBundle"));
        assertEquals(404, f.get(f.open, "/swagger/no-such-file.js").status());
    }
}
