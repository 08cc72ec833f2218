package io.vmledger.web.http;

import io.helidon.common.GenericType;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code HEAD} answered like {@code GET}, without the body (RFC 9110, section 9.3.2): monitoring tools and
 * link checkers ask pages and API resources with it. Helidon 4.5 routes a method only to the routes that name
 * it and sends whatever body a handler writes, also to a HEAD request. So every GET route registered through
 * {@link AllowedMethods#recording} gets a twin ({@link #twin}) that accepts HEAD where the GET route accepts GET
 * (and the route itself does not take HEAD), and runs the GET handler on a response that keeps the status and
 * the headers, sets {@code Content-Length} to the length the body would have had, and sends no body
 * ({@link #response}). Error handlers and filters that answer a request themselves (a 404, a 401) send through
 * {@link #response} too, so no HEAD answer ever carries a body.
 */
public final class HeadRequests {
    private static final String PLAIN_TEXT = "text/plain; charset=UTF-8";

    private HeadRequests() {
    }

    /** The HEAD twin of {@code route}: accepts HEAD where {@code route} accepts GET and not HEAD. */
    static HttpRoute twin(HttpRoute route) {
        return new Twin(route);
    }

    /** The response to send on: for a HEAD request, one that sends no body; else {@code res} itself. */
    public static ServerResponse response(ServerRequest req, ServerResponse res) {
        if (req.prologue().method() != Method.HEAD || res instanceof Bodiless) {
            return res;
        }
        return new Bodiless(res);
    }

    private record Twin(HttpRoute get) implements HttpRoute {
        @Override
        public PathMatchers.MatchResult accepts(HttpPrologue prologue) {
            if (prologue.method() != Method.HEAD || get.accepts(prologue).accepted()) {
                return PathMatchers.MatchResult.notAccepted();
            }
            return get.accepts(HttpPrologue.create(prologue.rawProtocol(), prologue.protocol(),
                    prologue.protocolVersion(), Method.GET, prologue.uriPath(), prologue.query(), prologue.fragment()));
        }

        @Override
        public Handler handler() {
            Handler handler = get.handler();
            return (req, res) -> handler.handle(req, response(req, res));
        }
    }

    /**
     * A response that sends the status and headers of what it is given, with the length of the body as
     * {@code Content-Length}, and no body. Handlers send strings and bytes ({@link #send(Object)} takes those,
     * encoded as Helidon's string writer would) or write to {@link #outputStream()}, which counts.
     */
    private static final class Bodiless implements ServerResponse {
        private final ServerResponse delegate;

        private Bodiless(ServerResponse delegate) {
            this.delegate = delegate;
        }

        @Override
        public ServerResponse status(Status status) {
            delegate.status(status);
            return this;
        }

        @Override
        public Status status() {
            return delegate.status();
        }

        @Override
        public ServerResponse header(Header header) {
            delegate.header(header);
            return this;
        }

        @Override
        public void send() {
            send(new byte[0]);
        }

        @Override
        public void send(byte[] bytes) {
            send(bytes, 0, bytes.length);
        }

        @Override
        public void send(byte[] bytes, int position, int length) {
            headersOnly(length);
        }

        @Override
        public void send(Object entity) {
            switch (entity) {
                case byte[] bytes -> send(bytes);
                case String text -> send(text.getBytes(charset()));
                default -> throw new IllegalArgumentException("a HEAD answer cannot measure a "
                        + entity.getClass().getName() + " entity; send a String or bytes");
            }
        }

        /** The charset Helidon's string writer uses: the Content-Type's, else UTF-8 with text/plain. */
        private Charset charset() {
            if (!delegate.headers().contains(HeaderNames.CONTENT_TYPE)) {
                delegate.header(HeaderNames.CONTENT_TYPE, PLAIN_TEXT);
                return StandardCharsets.UTF_8;
            }
            return delegate.headers().contentType().flatMap(HttpMediaType::charset).map(Charset::forName)
                    .orElse(StandardCharsets.UTF_8);
        }

        private void headersOnly(long length) {
            if (!delegate.headers().contains(HeaderNames.CONTENT_LENGTH)) {
                delegate.headers().contentLength(length);
            }
            // an empty send keeps the Content-Length set above and writes the headers only
            delegate.send();
        }

        @Override
        public boolean isSent() {
            return delegate.isSent();
        }

        @Override
        public OutputStream outputStream() {
            return new OutputStream() {
                private long count;
                private boolean closed;

                @Override
                public void write(int b) {
                    count++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    count += len;
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        headersOnly(count);
                    }
                }
            };
        }

        @Override
        public long bytesWritten() {
            return delegate.bytesWritten();
        }

        @Override
        public ServerResponse beforeSend(Runnable listener) {
            delegate.beforeSend(listener);
            return this;
        }

        @Override
        public ServerResponse whenSent(Runnable listener) {
            delegate.whenSent(listener);
            return this;
        }

        @Override
        public ServerResponse reroute(String newPath) {
            delegate.reroute(newPath);
            return this;
        }

        @Override
        public ServerResponse reroute(String path, UriQuery query) {
            delegate.reroute(path, query);
            return this;
        }

        @Override
        public ServerResponse next() {
            delegate.next();
            return this;
        }

        @Override
        public ServerResponseHeaders headers() {
            return delegate.headers();
        }

        @Override
        public ServerResponseTrailers trailers() {
            return delegate.trailers();
        }

        @Override
        public ServerResponse beforeTrailers(Consumer<ServerResponseTrailers> beforeTrailers) {
            delegate.beforeTrailers(beforeTrailers);
            return this;
        }

        @Override
        public void streamResult(String result) {
            delegate.streamResult(result);
        }

        @Override
        public <T extends Sink<?>> T sink(GenericType<T> sinkType) {
            throw new UnsupportedOperationException("a HEAD answer has no body to stream");
        }

        @Override
        public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
            delegate.streamFilter(filterFunction);
        }
    }
}
