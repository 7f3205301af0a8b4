package io.skein.connectors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first session, verbatim, through the real command-line entry: {@code skein dev} runs in this JVM (on
 * a free port and a temporary folder), then every {@code ./skein} line of the README's walkthrough block runs as
 * written, only told where the server is (as {@code SKEIN_SERVER} would), with {@code $ID} carried from line to line
 * as the shell would.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReadmeWalkthroughTest {

    private static final Pattern EXECUTION_ID = Pattern.compile("\\{fp:\\d+}:[0-9a-f-]{36}");

    @TempDir
    Path dataDir;

    @Test
    void theFirstSessionWorksAsTheReadmeSaysIt() throws Exception {
        List<String> lines = walkthrough();
        assertTrue(lines.size() >= 5, "the walkthrough block: " + lines);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String server = "http://127.0.0.1:" + port;
        CliFactory factory = new CliFactory(System::getenv);
        AtomicReference<Cli.Run> devRun = new AtomicReference<>();
        Thread dev = new Thread(() -> devRun.set(Cli.run(factory, "dev", "--port", Integer.toString(port),
                "--kafka-port", "0", "--data-dir", dataDir.toString())), "readme-dev");
        dev.start();
        try {
            awaitHealthy(server, devRun);
            Map<String, String> shell = new HashMap<>();
            Map<String, Cli.Run> byVerb = new HashMap<>();
            for (String line : lines) {
                Command command = Command.parse(line, shell);
                List<String> args = new ArrayList<>(command.args());
                args.addAll(1, List.of("--server", server)); // after the verb: before a worker's `--`
                Cli.Run run = Cli.run(args.toArray(String[]::new));
                assertEquals(0, run.exit(), line + "\nstdout: " + run.out() + "\nstderr: " + run.err());
                if (command.assignTo() != null) {
                    shell.put(command.assignTo(), run.out().strip());
                }
                byVerb.put(args.get(0), run);
            }

            String id = shell.get("ID");
            assertTrue(EXECUTION_ID.matcher(id).matches(), "submit printed the new id: " + id);
            assertTrue(byVerb.get("worker").err().contains(id + " completed"), byVerb.get("worker").err());
            String described = byVerb.get("describe").out();
            assertTrue(described.contains("state      completed"), described);
            assertTrue(described.contains("input      {\"name\":\"Ada\"}"), described);
            assertTrue(described.contains("result     {\"greeting\":\"hello\"}"), described);
            assertTrue(described.contains("#0  initial  ended_success"), described);
            assertEquals("{\"greeting\":\"hello\"}\n", byVerb.get("tail").out());
            assertEquals("greeting {\"name\":\"Ada\"}\n", byVerb.get("tail").err());
            assertTrue(byVerb.get("list").out().lines().anyMatch(row -> row.startsWith(id)
                    && row.contains("completed")), byVerb.get("list").out());
        } finally {
            if (factory.dev() != null) {
                factory.dev().requestStop();
            }
            dev.join(60_000);
        }
        assertEquals(0, devRun.get().exit(), "dev drains and exits 0: " + devRun.get().err());
    }

    /** The shell lines of the first code block under "## A first session" that run {@code ./skein}. */
    private static List<String> walkthrough() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## A first session");
        assertTrue(section >= 0, "the README has its first session");
        int open = readme.indexOf("```\n", section) + 4;
        int close = readme.indexOf("```", open);
        return readme.substring(open, close).lines().filter(l -> l.contains("./skein ")).toList();
    }

    private static void awaitHealthy(String server, AtomicReference<Cli.Run> devRun) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (devRun.get() != null) {
                throw new AssertionError("skein dev ended: " + devRun.get());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server + "/healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("skein dev did not answer on " + server + " within 120 s");
    }

    /**
     * One README line as the shell reads it: {@code [NAME=$(]./skein args…[)]}, words split on blanks, single
     * quotes literal, double quotes with {@code \"} and {@code $NAME} expanded.
     */
    record Command(String assignTo, List<String> args) {

        static Command parse(String line, Map<String, String> shell) {
            String text = line.strip();
            String assignTo = null;
            int assign = text.indexOf("=$(");
            if (assign > 0 && text.endsWith(")")) {
                assignTo = text.substring(0, assign);
                text = text.substring(assign + 3, text.length() - 1);
            }
            List<String> words = words(text, shell);
            assertEquals("./skein", words.get(0), line);
            return new Command(assignTo, words.subList(1, words.size()));
        }

        private static List<String> words(String text, Map<String, String> shell) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == ' ') {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                    continue;
                }
                if (c == '#' && word == null) {
                    break; // a comment
                }
                word = word == null ? new StringBuilder() : word;
                if (c == '\'') {
                    int end = text.indexOf('\'', i + 1);
                    word.append(text, i + 1, end);
                    i = end;
                } else if (c == '"') {
                    i++;
                    while (text.charAt(i) != '"') {
                        if (text.charAt(i) == '\\' && "\"\\$".indexOf(text.charAt(i + 1)) >= 0) {
                            word.append(text.charAt(++i));
                        } else if (text.charAt(i) == '$') {
                            int end = i + 1;
                            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                                end++;
                            }
                            word.append(shell.getOrDefault(text.substring(i + 1, end), ""));
                            i = end - 1;
                        } else {
                            word.append(text.charAt(i));
                        }
                        i++;
                    }
                } else {
                    word.append(c);
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
