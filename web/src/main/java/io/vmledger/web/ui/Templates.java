package io.vmledger.web.ui;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The Pebble engine over {@code resources/ui/templates/*.peb}: autoescaping on (HTML), strict variables
 * (a misspelt name is an error, not an empty string), templates compiled once and cached.
 */
final class Templates {
    private final PebbleEngine engine;

    Templates(Format format) {
        ClasspathLoader loader = new ClasspathLoader(Templates.class.getClassLoader());
        loader.setPrefix("ui/templates/");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .autoEscaping(true)
                .defaultEscapingStrategy("html")
                .strictVariables(true)
                .cacheActive(true)
                .extension(new UiExtension(format))
                .build();
    }

    String render(String template, Map<String, Object> model) {
        PebbleTemplate t = engine.getTemplate(template);
        StringWriter out = new StringWriter(16 * 1024);
        try {
            t.evaluate(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
