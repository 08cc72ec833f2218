package io.vmledger.web.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Swagger UI at {@code /swagger}, served from the application: the {@code swagger-ui-dist} files come
 * from the {@code org.webjars:swagger-ui} jar (Maven resolves it at build time; nothing is fetched from
 * another host at run time), and our own {@code index.html} and {@code swagger-initializer.js} point it
 * at {@code /openapi}.
 */
public final class SwaggerUi implements HttpService {
    public static final String PATH = "/swagger";
    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final String indexHtml;
    private final String initializerJs;
    private final HttpService assets;

    public SwaggerUi() {
        this.indexHtml = resource("/swagger/index.html");
        this.initializerJs = resource("/swagger/swagger-initializer.js");
        this.assets = StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                .location("META-INF/resources/webjars/swagger-ui/" + webjarVersion())
                .build());
    }

    /** The swagger-ui-dist version packaged in the webjar. */
    static String webjarVersion() {
        try (InputStream in = SwaggerUi.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::index);
        rules.get("/index.html", this::index);
        rules.get("/swagger-initializer.js", (req, res) -> send(res, "text/javascript; charset=UTF-8", initializerJs));
        rules.register("/", assets);
    }

    private void index(ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().rawPath();
        if (!path.endsWith("/") && !path.endsWith(".html")) {
            // the page loads its assets relative to /swagger/
            res.status(Status.MOVED_PERMANENTLY_301);
            res.header(HeaderNames.LOCATION, PATH + "/");
            res.send();
            return;
        }
        send(res, "text/html; charset=UTF-8", indexHtml);
    }

    private static void send(ServerResponse res, String type, String body) {
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(body);
    }

    private static String resource(String name) {
        try (InputStream in = SwaggerUi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
