package io.skein.connectors.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One client connection that writes requests byte for byte as given (any method, version, header and
 * framing, however malformed) and reads each answer by its {@code Content-Length}: what the HTTP tests use to
 * reach the server below what a well-behaved client library would send, and to reuse one keep-alive connection.
 */
final class RawHttp implements AutoCloseable {

    /** One answer: status, the raw head, the body text, and whether the server closes the connection after it. */
    record Answer(int status, String head, String body, boolean closes) {}

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} (ISO-8859-1 bytes, as HTTP/1.1 heads are) and reads one answer. */
    Answer exchange(String request) {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    Answer exchange(byte[] request) {
        try {
            out.write(request);
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request line, {@code Host}, the given header lines (each ending in CRLF) and a body sized by its length. */
    static String request(String method, String target, String version, String headers, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return method + " " + target + " " + version + "\r\nHost: localhost\r\n" + headers
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n")
                + "\r\n" + (body == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private Answer read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the server closed the connection without an answer (head so far: "
                        + head.toString(StandardCharsets.ISO_8859_1) + ")");
            }
            head.write(c);
            last4 = (last4 << 8) | c;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        int length = 0;
        boolean closes = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closes = true;
            }
        }
        byte[] body = in.readNBytes(length);
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), text,
                new String(body, StandardCharsets.UTF_8), closes);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection
        }
    }
}
