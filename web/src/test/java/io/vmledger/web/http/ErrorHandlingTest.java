package io.vmledger.web.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error handlers on a server of their own: the log names the real path; 405 sees services under a prefix. */
class ErrorHandlingTest {
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(ErrorHandling.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private WebServer server;

    @BeforeEach
    void start() {
        AllowedMethods.Recording routing = AllowedMethods.recording(io.helidon.webserver.http.HttpRouting.builder());
        ErrorHandling.register(routing, routing.allowed());
        routing.register("/boom", new HttpService() {
            @Override
            public void routing(HttpRules rules) {
                rules.get("/deep/{x}", (req, res) -> {
                    throw new IllegalStateException("kaboom");
                });
                rules.register("/nested", r -> r.put("/{y}", (req, res) -> res.send("put")));
            }
        });
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
        // after start: Helidon re-reads the logging configuration when a server starts, dropping handlers
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        server.stop();
        logger.removeHandler(capture);
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailedRequestIsLoggedWithItsFullPathAndAnsweredWithoutInternals() throws Exception {
        HttpResponse<String> r = call("GET", "/boom/deep/42?x=1");
        assertEquals(500, r.statusCode());
        assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        assertFalse(r.body().contains("kaboom") || r.body().contains("IllegalState"), r.body());
        LogRecord record = logged.stream().filter(l -> l.getThrown() != null).findFirst().orElseThrow();
        assertEquals("request GET /boom/deep/42 failed", record.getMessage());
        assertEquals("kaboom", record.getThrown().getMessage());
    }

    @Test
    void methodsAreFoundThroughNestedServices() throws Exception {
        HttpResponse<String> r = call("POST", "/boom/deep/42");
        assertEquals(405, r.statusCode(), r.body());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""), "a GET route answers HEAD too");
        r = call("GET", "/boom/nested/7");
        assertEquals(405, r.statusCode(), r.body());
        assertEquals("PUT", r.headers().firstValue("Allow").orElse(""));
        assertTrue(r.body().contains("GET /boom/nested/7 is not allowed"), r.body());
        assertEquals(200, call("PUT", "/boom/nested/7").statusCode());
        assertEquals(404, call("GET", "/boom/elsewhere").statusCode());
        assertEquals(404, call("GET", "/boom/deep/42/more").statusCode());
    }
}
