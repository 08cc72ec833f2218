package io.vmledger.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the OpenAPI 3.0 schemas of the document into JSON Schema (draft 2020-12) for the networknt
 * validator: {@code $ref}s are inlined, {@code nullable} becomes a {@code "null"} type and an {@code allOf}
 * of object schemas becomes one object. Keywords the conversion does not know fail, so that the check
 * never silently weakens.
 * <ul>
 *   <li>{@link #strict}: every object schema that lists its properties gets {@code additionalProperties:
 *       false}, so that a field the API sends but the document does not describe fails as surely as a
 *       missing required one; a {@code discriminator} picks the one schema to check, as OpenAPI defines it.</li>
 *   <li>{@link #lenient}: the schemas as a generic validator reads them (extra fields allowed, a
 *       {@code oneOf} is a plain {@code oneOf}), to show that they discriminate by themselves.</li>
 * </ul>
 */
final class OpenApiSchemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** OpenAPI keywords that do not constrain a value. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "example", "title", "default",
            "deprecated", "readOnly", "writeOnly", "externalDocs", "xml", "discriminator");
    /** Keywords with the same meaning in both, copied as they are. */
    private static final Set<String> SAME = Set.of("type", "enum", "required", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
            "uniqueItems", "minProperties", "maxProperties", "multipleOf");
    /** OpenAPI's numeric formats: type refinements a JSON Schema validator would not know. */
    private static final Set<String> NUMERIC_FORMATS = Set.of("int32", "int64", "float", "double");
    private static final String REF_PREFIX = "#/components/schemas/";

    private final JsonNode components;
    private final boolean strict;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private OpenApiSchemas(JsonNode document, boolean strict) {
        this.components = document.path("components").path("schemas");
        this.strict = strict;
    }

    /** @param document the OpenAPI document as JSON */
    static OpenApiSchemas strict(JsonNode document) {
        return new OpenApiSchemas(document, true);
    }

    /** @param document the OpenAPI document as JSON */
    static OpenApiSchemas lenient(JsonNode document) {
        return new OpenApiSchemas(document, false);
    }

    /** The errors of {@code value} against the OpenAPI schema {@code schema}, one line each; empty when valid. */
    List<String> validate(JsonNode schema, JsonNode value) {
        Schema compiled = registry.getSchema(convert(schema, "", 0));
        List<String> out = new ArrayList<>();
        for (Error e : compiled.validate(value)) {
            out.add(e.toString());
        }
        return out;
    }

    /** The JSON Schema of an OpenAPI schema (for tests of the conversion itself and for inspection). */
    ObjectNode convert(JsonNode schema, String where, int depth) {
        if (depth > 40) {
            throw new IllegalStateException("schema nesting deeper than 40 at " + where + " (a $ref cycle?)");
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith(REF_PREFIX) || !components.has(ref.substring(REF_PREFIX.length()))) {
                throw new IllegalStateException(where + ": unresolvable $ref " + ref);
            }
            return convert(components.get(ref.substring(REF_PREFIX.length())), ref, depth + 1);
        }
        if (strict && schema.has("discriminator")) {
            return discriminated(schema, where, depth);
        }
        if (schema.has("allOf")) {
            schema.fieldNames().forEachRemaining(k -> {
                if (!k.equals("allOf") && !ANNOTATIONS.contains(k)) {
                    throw new IllegalStateException(where + ": '" + k + "' beside allOf is not handled by the contract test");
                }
            });
            return mergeAllOf(schema, where, depth);
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (ANNOTATIONS.contains(key) || key.startsWith("x-") || key.equals("nullable")) {
                continue;
            }
            if (SAME.contains(key)) {
                out.set(key, value.deepCopy());
            } else if (key.equals("format")) {
                if (!NUMERIC_FORMATS.contains(value.asText())) {
                    out.set(key, value.deepCopy());
                }
            } else if (key.equals("properties")) {
                ObjectNode props = out.putObject("properties");
                value.fields().forEachRemaining(p -> props.set(p.getKey(),
                        convert(p.getValue(), where + "/properties/" + p.getKey(), depth + 1)));
            } else if (key.equals("items")) {
                out.set("items", convert(value, where + "/items", depth + 1));
            } else if (key.equals("additionalProperties")) {
                out.set(key, value.isBoolean() ? value.deepCopy() : convert(value, where + "/additionalProperties", depth + 1));
            } else if (key.equals("oneOf") || key.equals("anyOf")) {
                ArrayNode list = out.putArray(key);
                for (int i = 0; i < value.size(); i++) {
                    list.add(convert(value.get(i), where + "/" + key + "/" + i, depth + 1));
                }
            } else if (key.equals("not")) {
                out.set(key, convert(value, where + "/not", depth + 1));
            } else {
                throw new IllegalStateException(where + ": keyword '" + key + "' is not handled by the contract test");
            }
        }
        if (schema.path("nullable").asBoolean(false) && out.has("type")) {
            ArrayNode types = NODES.arrayNode().add(out.get("type").asText()).add("null");
            out.set("type", types);
        }
        if (strict && out.has("properties") && !out.has("additionalProperties")) {
            out.put("additionalProperties", false);
        }
        return out;
    }

    /**
     * A {@code oneOf} with a {@code discriminator}: the property's value picks the one schema the value must
     * match (as OpenAPI defines it), so that errors come from that schema alone instead of from every
     * alternative. Without a mapping, a value names its schema.
     */
    private ObjectNode discriminated(JsonNode schema, String where, int depth) {
        JsonNode discriminator = schema.get("discriminator");
        String property = discriminator.path("propertyName").asText();
        if (!schema.has("oneOf") || property.isEmpty()) {
            throw new IllegalStateException(where + ": a discriminator needs a propertyName and a oneOf");
        }
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        discriminator.path("mapping").fields().forEachRemaining(e -> mapping.put(e.getKey(), e.getValue().asText()));
        if (mapping.isEmpty()) {
            schema.get("oneOf").forEach(ref -> {
                String target = ref.path("$ref").asText();
                mapping.put(target.substring(target.lastIndexOf('/') + 1), target);
            });
        }
        ObjectNode out = NODES.objectNode();
        out.put("type", "object");
        out.putArray("required").add(property);
        ArrayNode values = out.putObject("properties").putObject(property).putArray("enum");
        ArrayNode branches = out.putArray("allOf");
        mapping.forEach((value, ref) -> {
            values.add(value);
            ObjectNode branch = branches.addObject();
            branch.putObject("if").putObject("properties").putObject(property).put("const", value);
            branch.set("then", convert(NODES.objectNode().put("$ref", ref), where + "/discriminator/" + value, depth + 1));
        });
        return out;
    }

    /** An {@code allOf} of object schemas as one object: properties (a later one refines an earlier one), required. */
    private ObjectNode mergeAllOf(JsonNode schema, String where, int depth) {
        ObjectNode merged = NODES.objectNode();
        ObjectNode properties = NODES.objectNode();
        Set<String> required = new LinkedHashSet<>();
        JsonNode parts = schema.get("allOf");
        for (int i = 0; i < parts.size(); i++) {
            ObjectNode part = convert(parts.get(i), where + "/allOf/" + i, depth + 1);
            if (parts.size() == 1) {
                return part;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = part.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "properties" -> properties.setAll((ObjectNode) e.getValue());
                    case "required" -> e.getValue().forEach(r -> required.add(r.asText()));
                    case "type" -> {
                        if (!e.getValue().asText().equals("object")) {
                            throw new IllegalStateException(where + ": allOf part " + i + " is not an object schema");
                        }
                    }
                    case "additionalProperties" -> { }
                    default -> throw new IllegalStateException(where + ": allOf part " + i + " has '" + e.getKey()
                            + "', which the contract test cannot merge");
                }
            }
        }
        merged.put("type", "object");
        merged.set("properties", properties);
        ArrayNode req = merged.putArray("required");
        required.forEach(req::add);
        if (strict) {
            merged.put("additionalProperties", false);
        }
        return merged;
    }
}
