package io.skein.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link EngineProcess} as a child JVM on this JVM's classpath: started, killed with SIGKILL and started again on
 * the same store (a SQLite file or a PostgreSQL database) and state folder. Its output is copied to this JVM's,
 * prefixed with the run number.
 */
final class EngineJvm implements AutoCloseable {

    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);

    private final List<String> command;
    private final Map<String, String> env;
    private Process process;
    private int runs;

    private EngineJvm(String bootstrapServers, String store, Path stateDir, String applicationId,
                      Map<String, String> env) {
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                EngineProcess.class.getName(), bootstrapServers, store, stateDir.toString(), applicationId));
        this.env = env;
    }

    static EngineJvm overSqlite(String bootstrapServers, Path sqliteFile, Path stateDir, String applicationId,
                                Map<String, String> env) {
        return new EngineJvm(bootstrapServers, sqliteFile.toString(), stateDir, applicationId, env);
    }

    /** @param postgresUrl a {@code jdbc:postgresql:} URL naming the database, user and password */
    static EngineJvm overPostgres(String bootstrapServers, String postgresUrl, Path stateDir, String applicationId,
                                  Map<String, String> env) {
        return new EngineJvm(bootstrapServers, postgresUrl, stateDir, applicationId, env);
    }

    /** Starts the engine and returns once it printed READY (its topology is RUNNING). */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the engine is already running");
        }
        int run = ++runs;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        CountDownLatch ready = new CountDownLatch(1);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        Thread output = new Thread(() -> copyOutput(started, run, ready), "engine-output-" + run);
        output.setDaemon(true);
        output.start();
        try {
            if (!ready.await(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                started.destroyForcibly();
                throw new AssertionError("engine run " + run + " did not print READY within " + READY_DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting the engine", e);
        }
    }

    /** SIGKILL: no shutdown hook runs, no transaction is committed or aborted, no consumer leaves its group. */
    synchronized void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the engine closes its topology (shutdown hook). */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    int runs() {
        return runs;
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copyOutput(Process p, int run, CountDownLatch ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(EngineProcess.READY)) {
                    ready.countDown();
                } else {
                    System.out.println("[engine run " + run + "] " + line);
                }
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    @Override
    public void close() {
        stop();
    }
}
