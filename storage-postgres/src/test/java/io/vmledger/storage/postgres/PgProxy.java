package io.vmledger.storage.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of the test server, for outages that touch only the store behind it
 * (the shared server keeps running for every other test): it forwards, {@link #refuse() refuses} (every
 * connection closed, new ones closed at once, as when the server is down) or {@link #blackHole() swallows}
 * (connections accepted and kept, but no byte goes through either way, as when a firewall drops packets),
 * and {@link #restore() forwards again}. It can also drop the first {@code n} connections it gets.
 */
public final class PgProxy implements AutoCloseable {
    private enum Mode { FORWARD, REFUSE, BLACK_HOLE }

    /** Connections closed at once because of {@link #dropFirst} or {@link #refuse()}. */
    public final AtomicInteger dropped = new AtomicInteger();
    private final ServerSocket server;
    private final String host;
    private final int port;
    private final String database;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile int dropFirst;

    /** A proxy to the test server ({@code VMLEDGER_TEST_PG_URL}) that forwards. */
    public PgProxy() throws IOException {
        URI uri = URI.create(PgTestDatabase.url().substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
        this.database = uri.getPath();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("pg-proxy-accept").start(this::accept);
    }

    /** The JDBC URL of the test database through this proxy. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + database;
    }

    /** Closes the next {@code n} connections at once, then forwards. */
    public PgProxy dropFirst(int n) {
        dropFirst = n;
        return this;
    }

    /** The server is gone: open connections are closed, new ones closed at once. */
    public void refuse() {
        mode = Mode.REFUSE;
        closeOpen();
    }

    /** The network swallows everything: open and new connections stay up, but nothing goes through. */
    public void blackHole() {
        mode = Mode.BLACK_HOLE;
    }

    /** Forwards again; connections from the outage are closed (a black hole ate parts of their streams). */
    public void restore() {
        closeOpen();
        mode = Mode.FORWARD;
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket client = server.accept();
                if (mode == Mode.REFUSE || dropped.get() < dropFirst) {
                    dropped.incrementAndGet();
                    client.close();
                    continue;
                }
                open.add(client);
                if (mode == Mode.BLACK_HOLE) {
                    continue; // accepted, never answered
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(host, port));
                open.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (mode == Mode.FORWARD) {
                    out.write(buffer, 0, n);
                    out.flush();
                } // else swallowed
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeOpen() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeOpen();
    }
}
