package io.skein.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Collects benchmark rows and writes them as a markdown table (with the machine) and as JSON lines. */
final class BenchReport {

    /** One measured run: what ran, how many, how long, and the latency distribution of one unit of work. */
    record Row(String variant, int workers, int executions, double seconds, double perSecond, double p50Ms,
               double p99Ms) {}

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.out.printf(Locale.ROOT, "%-34s workers=%d n=%d  %.0f exec/s  p50=%.3f ms  p99=%.3f ms%n",
                row.variant(), row.workers(), row.executions(), row.perSecond(), row.p50Ms(), row.p99Ms());
    }

    static Row row(String variant, int workers, long[] latenciesNanos, long elapsedNanos) {
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        double seconds = elapsedNanos / 1e9;
        return new Row(variant, workers, sorted.length, seconds, sorted.length / seconds,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(idx, 0)];
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: keep the placeholder
        }
        long memGiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGiB + " GiB, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    void write(Path dir, String name, String title, String notes) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\nMachine: ").append(machine())
                .append("\n\n").append(notes).append("\n\n| variant | workers | executions | seconds | executions/s | p50 ms | p99 ms |\n")
                .append("|---|---|---|---|---|---|---|\n");
        StringBuilder json = new StringBuilder();
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %.3f | %.3f |%n", r.variant(),
                    r.workers(), r.executions(), r.seconds(), r.perSecond(), r.p50Ms(), r.p99Ms()));
            json.append(String.format(Locale.ROOT, "{\"variant\":\"%s\",\"workers\":%d,\"executions\":%d,"
                            + "\"seconds\":%.3f,\"per_second\":%.1f,\"p50_ms\":%.4f,\"p99_ms\":%.4f}%n", r.variant(),
                    r.workers(), r.executions(), r.seconds(), r.perSecond(), r.p50Ms(), r.p99Ms()));
        }
        Files.writeString(dir.resolve(name + ".md"), md.toString());
        Files.writeString(dir.resolve(name + ".jsonl"), json.toString());
        System.out.println("\nwrote " + dir.resolve(name + ".md"));
    }
}
