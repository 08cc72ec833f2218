package io.vmledger.web.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket: what the server really sent, body bytes included (an HTTP client
 * would drop the body of a HEAD answer, or choke on it at the next request of the connection).
 */
public final class RawHttp {

    /** The status, the headers (names in lower case, the last value of each) and every byte after them. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code method pathAndQuery} with {@code Connection: close} and the given headers, and reads the answer:
     * the body its {@code Content-Length} or chunks announce; for a HEAD, whatever arrives after the headers
     * within {@link #GRACE_MILLIS} (a server writes a body with its headers).
     */
    public static Answer exchange(int port, String method, String pathAndQuery, Map<String, String> headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n").append("Connection: close\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String[] lines = readHead(in).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> parsed = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                parsed.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (!method.equals("HEAD")) {
                if ("chunked".equalsIgnoreCase(parsed.get("transfer-encoding"))) {
                    readChunks(in, body);
                } else if (parsed.containsKey("content-length")) {
                    body.write(in.readNBytes(Integer.parseInt(parsed.get("content-length"))));
                }
            }
            if (method.equals("HEAD")) {
                // whatever arrives after the headers is a body that must not be there
                socket.setSoTimeout(GRACE_MILLIS);
                try {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        body.write(buffer, 0, n);
                    }
                } catch (SocketTimeoutException e) {
                    // nothing more arrived
                }
            }
            return new Answer(status, parsed, body.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery, e);
        }
    }

    /** How long to wait for body bytes after the headers of a HEAD answer. */
    private static final int GRACE_MILLIS = 100;

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed inside the headers: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        byte[] bytes = head.toByteArray();
        return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
    }

    private static void readChunks(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                readLine(in);
                return;
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
