package io.skein.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code skein bench}: runs benchmark scenarios on chosen modes and writes {@code results.json}, one markdown table
 * per scenario, and optionally the whole report ({@code --doc}). Never part of the test suite; run it with
 * {@code bench/bench.sh} (or every scenario on every mode, with a durable PostgreSQL, with {@code bench/run-all.sh}).
 *
 * <pre>
 * bench/bench.sh &lt;scenario,…|all&gt; [--modes sqlite,postgres,kafka-sqlite,kafka-postgres] [--peers]
 *     [--executions N] [--workers W] [--capacity C] [--payload BYTES] [--rounds R] [--frames F] [--flows F]
 *     [--cancel-sizes 10,100,1000] [--out DIR] [--doc FILE]
 * </pre>
 */
public final class SkeinBench {

    static final List<String> SCENARIOS = List.of(SubmitClaimComplete.NAME, SubmitClaimComplete.PACED, CapRouted.NAME,
            LatencyScenarios.SUSPEND_SIGNAL_RESUME,
            LatencyScenarios.STREAM_TAIL, FlowScenarios.FLOW_DAG, FlowScenarios.QUORUM_CANCEL, LongRunning.NAME);
    static final List<String> MODES = List.of("sqlite", "postgres", "kafka-sqlite", "kafka-postgres");

    /** The load of {@link SubmitClaimComplete#PACED}: this share of the mode's steady rate (issue 17: 20 %). */
    static final double PACED_LOAD = 0.2;

    /** How much smaller the throughput scenarios are in Kafka mode. */
    static final int KAFKA_SCALE = 5;

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].startsWith("-")) {
            System.err.println("usage: skein bench <" + String.join("|", SCENARIOS) + ">[,…]|all [--modes "
                    + String.join(",", MODES) + "] [--peers] [--executions N] [--workers W] [--capacity C] "
                    + "[--payload BYTES] [--rounds R] [--frames F] [--flows F] [--cancel-sizes 10,100,1000] "
                    + "[--out DIR] [--doc FILE]");
            System.exit(2);
        }
        if ("report".equals(argv[0])) {
            rewrite(argv);
            return;
        }
        List<String> scenarios = "all".equals(argv[0]) ? SCENARIOS : Arrays.asList(argv[0].split(","));
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("scenario: unknown '" + s + "', expected one of " + SCENARIOS);
            }
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < argv.length; i++) {
            String key = argv[i];
            if (!key.startsWith("--")) {
                throw new IllegalArgumentException("option: expected --name, got '" + key + "'");
            }
            if (key.equals("--peers")) {
                opts.put("peers", "true");
            } else if (i + 1 < argv.length) {
                opts.put(key.substring(2), argv[++i]);
            } else {
                throw new IllegalArgumentException("option " + key + ": a value is required");
            }
        }
        List<String> modes = Arrays.asList(opts.getOrDefault("modes", "sqlite,kafka-sqlite").split(","));
        for (String m : modes) {
            if (!MODES.contains(m)) {
                throw new IllegalArgumentException("mode: unknown '" + m + "', expected one of " + MODES);
            }
        }
        int executions = Integer.parseInt(opts.getOrDefault("executions", "5000"));
        int workers = Integer.parseInt(opts.getOrDefault("workers", "4"));
        int capacity = Integer.parseInt(opts.getOrDefault("capacity", "16"));
        int payload = Integer.parseInt(opts.getOrDefault("payload", "256"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "200"));
        int frames = Integer.parseInt(opts.getOrDefault("frames", "300"));
        int flows = Integer.parseInt(opts.getOrDefault("flows", "100"));
        // long_running: each execution holds its lease this long (default 2 minutes), with this lease TTL
        long longRunMs = Long.parseLong(opts.getOrDefault("run-ms", "120000"));
        long longLeaseMs = Long.parseLong(opts.getOrDefault("lease-ms", "6000"));
        int[] cancelSizes = Arrays.stream(opts.getOrDefault("cancel-sizes", "10,100,1000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        boolean peers = opts.containsKey("peers");
        Path out = Path.of(opts.getOrDefault("out", "target/bench"));

        List<BenchResult> results = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (String mode : modes) {
            System.err.println("== " + mode);
            String broken = null; // once a scenario fails, the mode's target may be wedged: skip the rest
            try (BenchTarget target = BenchTarget.open(mode)) {
                targets.put(mode, target.describe());
                // warm-up, not reported: JIT, connection pools, the Kafka clients' metadata and consumer groups
                try {
                    SubmitClaimComplete.run(target, Math.min(target.kafka() ? 200 : 500, executions), workers,
                            capacity, payload);
                } catch (Exception e) {
                    broken = "the warm-up failed: " + reason(e);
                }
                // Kafka mode applies commands one SQL unit at a time on one stream thread: smaller sizes keep the
                // whole run within minutes (the sizes are in every row's parameters)
                int scale = target.kafka() ? KAFKA_SCALE : 1;
                for (String scenario : scenarios) {
                    if (broken != null) {
                        results.add(print(BenchResult.failed(scenario, mode, "skein", "not run: " + broken)));
                        continue;
                    }
                    try {
                        switch (scenario) {
                            case SubmitClaimComplete.NAME -> results.add(print(SubmitClaimComplete.run(target,
                                    executions / scale, workers, capacity, payload)));
                            case SubmitClaimComplete.PACED -> {
                                double rate = opts.containsKey("rate") ? Double.parseDouble(opts.get("rate"))
                                        : PACED_LOAD * steadyRate(results, mode);
                                // about 30 s of load at that rate
                                results.add(print(SubmitClaimComplete.paced(target,
                                        (int) Math.max(100, rate * 30), workers, capacity, payload, rate)));
                            }
                            case CapRouted.NAME -> results.add(print(CapRouted.run(target, executions / scale,
                                    workers, capacity, payload)));
                            case LongRunning.NAME -> results.add(print(LongRunning.run(target, workers,
                                    Duration.ofMillis(longRunMs), Duration.ofMillis(longLeaseMs))));
                            case LatencyScenarios.SUSPEND_SIGNAL_RESUME -> results.add(print(
                                    LatencyScenarios.suspendSignalResume(target, rounds / (target.kafka() ? 4 : 1))));
                            case LatencyScenarios.STREAM_TAIL -> results.add(print(LatencyScenarios.streamTail(
                                    target, frames)));
                            case FlowScenarios.FLOW_DAG -> results.add(print(FlowScenarios.flowDag(target,
                                    flows / scale, workers, capacity)));
                            case FlowScenarios.QUORUM_CANCEL -> {
                                for (int n : cancelSizes) {
                                    results.add(print(FlowScenarios.quorumCancel(target, n,
                                            n >= 1000 ? (target.kafka() ? 1 : 3) : 10)));
                                }
                            }
                            default -> throw new IllegalStateException(scenario);
                        }
                    } catch (Exception e) {
                        broken = scenario + " failed: " + reason(e);
                        results.add(print(BenchResult.failed(scenario, mode, "skein", reason(e))));
                    }
                }
            } catch (Exception e) {
                targets.put(mode, "could not start: " + reason(e));
                for (String scenario : scenarios) {
                    results.add(print(BenchResult.failed(scenario, mode, "skein", "not run: " + reason(e))));
                }
            }
            if (peers && scenarios.contains(SubmitClaimComplete.NAME)) {
                try {
                    if (mode.equals("sqlite")) {
                        results.add(print(QueuePeers.plainSqlite(executions, workers, payload)));
                    } else if (mode.equals("postgres")) {
                        PgServer server = PgServer.fromEnv();
                        results.add(print(QueuePeers.skipLockedPostgres(server, executions, workers, payload)));
                        results.add(print(QueuePeers.dbScheduler(server, executions, workers, payload)));
                    }
                } catch (Exception e) {
                    results.add(print(BenchResult.failed(SubmitClaimComplete.NAME, mode, "peer", reason(e))));
                }
            }
        }
        if (peers && scenarios.contains(SubmitClaimComplete.NAME) && modes.stream().anyMatch(m -> m.startsWith("kafka"))) {
            System.err.println("== " + StreamsLimit.MODE);
            try {
                results.add(print(StreamsLimit.run(executions / KAFKA_SCALE, payload)));
            } catch (Exception e) {
                results.add(print(BenchResult.failed(SubmitClaimComplete.NAME, StreamsLimit.MODE, "limit", reason(e))));
            }
        }
        double minutes = (System.nanoTime() - started) / 6e10;
        Files.createDirectories(out);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generated_at", Instant.now().toString());
        doc.put("machine", BenchReport.machine());
        doc.put("targets", targets);
        doc.put("minutes", BenchResult.round(minutes, 1));
        doc.put("results", results);
        json.writeValue(out.resolve("results.json").toFile(), doc);
        for (String scenario : scenarios) {
            Files.writeString(out.resolve(scenario + ".md"), BenchMarkdown.table(scenario, results));
        }
        System.err.println("wrote " + out.resolve("results.json") + " and one .md per scenario");
        if (opts.containsKey("doc")) {
            Path notes = Path.of(opts.getOrDefault("notes", "bench/benchmarks-notes.md"));
            String text = BenchMarkdown.document(results, targets, minutes,
                    Files.exists(notes) ? Files.readString(notes) : "");
            writeDoc(Path.of(opts.get("doc")), text);
            System.err.println("wrote " + opts.get("doc"));
        }
        System.exit(0); // Kafka clients may leave non-daemon threads behind
    }

    private static void writeDoc(Path doc, String text) throws java.io.IOException {
        if (doc.getParent() != null) {
            Files.createDirectories(doc.getParent());
        }
        Files.writeString(doc, text);
    }

    /** {@code report <results.json> <doc> [notes]}: renders the document again from a run's results. */
    private static void rewrite(String[] argv) throws Exception {
        if (argv.length < 3) {
            throw new IllegalArgumentException("usage: skein bench report <results.json> <doc.md> [notes.md]");
        }
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode doc = json.readTree(Path.of(argv[1]).toFile());
        List<BenchResult> results = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode r : doc.get("results")) {
            results.add(json.treeToValue(r, BenchResult.class));
        }
        Map<String, String> targets = new LinkedHashMap<>();
        doc.get("targets").fields().forEachRemaining(e -> targets.put(e.getKey(), e.getValue().asText()));
        Path notes = Path.of(argv.length > 3 ? argv[3] : "bench/benchmarks-notes.md");
        writeDoc(Path.of(argv[2]), BenchMarkdown.document(results, targets, doc.get("minutes").asDouble(),
                Files.exists(notes) ? Files.readString(notes) : ""));
        System.err.println("wrote " + argv[2]);
    }

    private static String reason(Throwable e) {
        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            why.append(" / ").append(c.getMessage());
        }
        return why.toString().replace('|', '/').replace('\n', ' ');
    }

    /** The steady rate {@code submit_claim_complete} measured on {@code mode} in this run. */
    private static double steadyRate(List<BenchResult> results, String mode) {
        for (BenchResult r : results) {
            if (r.scenario().equals(SubmitClaimComplete.NAME) && r.mode().equals(mode) && r.variant().equals("skein")
                    && r.extra().get("steady_per_s") instanceof Number steady) {
                return steady.doubleValue();
            }
        }
        throw new IllegalStateException(SubmitClaimComplete.PACED + " runs at a share of the steady rate of "
                + SubmitClaimComplete.NAME + " in the same run: run that first, or give --rate");
    }

    private static BenchResult print(BenchResult r) {
        if (!r.ok()) {
            System.out.printf(Locale.ROOT, "%-22s %-15s %-26s FAILED: %s%n", r.scenario(), r.mode(), r.variant(),
                    r.extra().get("error"));
            return r;
        }
        System.out.printf(Locale.ROOT, "%-22s %-15s %-26s n=%-6d %s p50=%.3f ms p99=%.3f ms %s%n", r.scenario(),
                r.mode(), r.variant(), r.count(), r.perSecond() == null ? "" : String.format(Locale.ROOT,
                        "%.0f/s", r.perSecond()), r.p50Ms(), r.p99Ms(), r.params());
        return r;
    }
}
