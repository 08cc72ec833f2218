package io.vmledger.web.ui;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * The UI's static files, held in memory: ONE stylesheet (uPlot's few rules, then {@code app.css}) and
 * ONE script (uPlot, then {@code app.js}), each under a name that carries its content hash so browsers
 * may cache it for a year, plus the icon. uPlot comes from the {@code org.webjars.npm:uplot} jar.
 * Each file is also kept gzipped, for clients that accept it.
 */
final class Assets {
    static final String PREFIX = "/assets/";
    private static final String UPLOT_PROPERTIES = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    /** One served file. */
    record Asset(String name, String contentType, byte[] body, byte[] gzipped, boolean immutable) {
    }

    private final Map<String, Asset> byName = new LinkedHashMap<>();
    private final String stylesheet;
    private final String script;

    Assets() {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        this.stylesheet = add("app", ".css", "text/css; charset=UTF-8",
                List.of(uplot + "uPlot.min.css", "/ui/static/app.css"));
        this.script = add("app", ".js", "text/javascript; charset=UTF-8",
                List.of(uplot + "uPlot.iife.min.js", "/ui/static/app.js"));
        byte[] icon = read("/ui/static/favicon.svg");
        byName.put("favicon.svg", new Asset("favicon.svg", "image/svg+xml", icon, gzip(icon), false));
    }

    /** The stylesheet's URL path. */
    String stylesheet() {
        return PREFIX + stylesheet;
    }

    /** The script's URL path. */
    String script() {
        return PREFIX + script;
    }

    String icon() {
        return PREFIX + "favicon.svg";
    }

    /** The files by name, for tests and the size budget. */
    Map<String, Asset> all() {
        return Map.copyOf(byName);
    }

    void serve(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        Asset a = name == null ? null : byName.get(name);
        if (a == null) {
            res.status(Status.NOT_FOUND_404);
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            res.send("no such asset");
            return;
        }
        send(req, res, a);
    }

    static void send(ServerRequest req, ServerResponse res, Asset a) {
        res.header(HeaderNames.CONTENT_TYPE, a.contentType());
        res.header(HeaderNames.CACHE_CONTROL, a.immutable() ? "public, max-age=31536000, immutable" : "public, max-age=86400");
        res.header(HeaderNames.VARY, "Accept-Encoding");
        boolean gzip = req.headers().first(HeaderNames.ACCEPT_ENCODING)
                .map(v -> v.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
        if (gzip) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            res.send(a.gzipped());
        } else {
            res.send(a.body());
        }
    }

    private String add(String base, String extension, String type, List<String> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String part : parts) {
            all.writeBytes(read(part));
            all.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = all.toByteArray();
        String name = base + "-" + hash(body) + extension;
        byName.put(name, new Asset(name, type, body, gzip(body), true));
        return name;
    }

    static String uplotVersion() {
        try (InputStream in = Assets.class.getResourceAsStream(UPLOT_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the uplot webjar is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("UI asset " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
