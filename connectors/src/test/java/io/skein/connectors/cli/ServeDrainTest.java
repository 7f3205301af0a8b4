package io.skein.connectors.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #21 item 8, shutdown of spec 03 §4: a request the server accepted before the stop finishes against a live
 * backend; only requests that arrive after it are refused (503), and the count of requests cut off at the grace
 * deadline, in {@code ff_shutdown_timeout_total}, is true. A request whose body is still on its way when the stop
 * begins is the request in flight.
 */
class ServeDrainTest {

    private static final String TOKEN = "serve-token";

    private static ServeSession start(Duration grace) {
        Map<String, String> env = ServeCommandTest.validEnv();
        env.put("FF_SHUTDOWN_GRACE_MS", Long.toString(grace.toMillis()));
        return ServeSession.start(ServeConfig.fromEnvironment(env::get));
    }

    private static String createBody() {
        return "{\"execution_id\":\"{fp:0}:" + UUID.randomUUID() + "\",\"namespace\":\"default\",\"lane_id\":"
                + "\"default\",\"execution_kind\":\"demo\",\"input_payload\":[1,2,3],\"priority\":0,"
                + "\"creator_identity\":\"t\",\"partition_id\":0}";
    }

    /** A connection that sends a create's head and the first half of its body, the rest on {@link #finish}. */
    private static final class SlowCreate implements AutoCloseable {
        final Socket socket = new Socket();
        final byte[] body = createBody().getBytes(StandardCharsets.UTF_8);

        SlowCreate(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/executions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, body.length / 2);
            out.flush();
        }

        /** Sends the rest of the body and returns the status line and body of the answer. */
        String finish() throws IOException {
            socket.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
            socket.getOutputStream().flush();
            return readAnswer(socket.getInputStream());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) != -1) {
            all.write(buffer, 0, n);
            String text = all.toString(StandardCharsets.UTF_8);
            int head = text.indexOf("\r\n\r\n");
            int length = text.toLowerCase().indexOf("content-length:");
            if (head > 0 && length > 0 && length < head) {
                int declared = Integer.parseInt(text.substring(length + 15, text.indexOf("\r\n", length)).strip());
                if (all.size() >= head + 4 + declared) {
                    return text.substring(0, text.indexOf("\r\n")) + " " + text.substring(head + 4);
                }
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what + ": not within 10 s");
            }
            Thread.sleep(10);
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    private static String metric(ServeSession session) {
        return session.server().metrics().scrape();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRequestAcceptedBeforeTheStopFinishesAndOnlyNewOnesAreRefused() throws Exception {
        ServeSession session = start(Duration.ofSeconds(10));
        int port = session.port();
        try (SlowCreate inFlight = new SlowCreate(port); Socket kept = new Socket()) {
            kept.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            kept.setSoTimeout(30_000);
            await(() -> session.server().requestsInFlight() == 1, "the create is in flight");

            // when: the stop begins while its body is still on its way
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(session::stop);
            await(() -> refusesConnections(port), "the server stops accepting connections");
            kept.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String late = readAnswer(kept.getInputStream());
            String answered = inFlight.finish();
            stopping.get(30, TimeUnit.SECONDS);

            // then: the accepted request was served by a live backend; the new one was refused; nothing was cut off
            assertTrue(answered.startsWith("HTTP/1.1 201"), answered);
            assertTrue(late.startsWith("HTTP/1.1 503"), late);
            assertTrue(late.contains("http_server_shutting_down"), late);
            assertTrue(metric(session).contains("ff_shutdown_timeout_total 0.0"), metric(session));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRequestStillRunningAtTheGraceDeadlineIsCountedAsCutOff() throws Exception {
        ServeSession session = start(Duration.ofMillis(300));
        try (SlowCreate stuck = new SlowCreate(session.port())) {
            await(() -> session.server().requestsInFlight() == 1, "the create is in flight");

            session.stop();

            assertTrue(metric(session).contains("ff_shutdown_timeout_total 1.0"), metric(session));
        }
    }
}
