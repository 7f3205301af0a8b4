package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.worker.WorkerContext;
import io.skein.connectors.worker.WorkerHandler;
import io.skein.core.api.FailureClass;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one attempt as a process, a worker in any language: the input on its stdin, its stdout and stderr appended
 * to the attempt's stream as they come (a frame per read, so a chatty process sends fewer, larger frames while the
 * last is in flight), the lease renewed by the worker meanwhile. Exit 0 completes the attempt with its stdout (a JSON
 * result when stdout is JSON); another exit code fails it ({@code transient}: the retry policy decides) naming the
 * code and the last line of stderr. A lost lease ends the process.
 */
final class ProcessHandler implements WorkerHandler {

    /** Bytes per frame at most: well under the 64 KiB frame limit (spec 04 §3.2). */
    private static final int CHUNK = 16 * 1024;
    /** Stdout kept for the result at most: the engine's result limit (spec 03 §2.1). */
    private static final int MAX_RESULT = 512 * 1024;

    private final List<String> command;

    ProcessHandler(List<String> command) {
        this.command = List.copyOf(command);
    }

    @Override
    public void handle(WorkerContext ctx) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("SKEIN_EXECUTION_ID", ctx.executionId().toString());
        env.put("SKEIN_ATTEMPT", Integer.toString(ctx.attemptIndex()));
        env.put("SKEIN_KIND", ctx.executionKind().orElse(""));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            ctx.fail("cannot start " + command.get(0) + ": " + e.getMessage(), FailureClass.PERMANENT);
            return;
        }
        Pump stdout = new Pump(ctx, process.getInputStream(), FrameKind.STDOUT, MAX_RESULT, false);
        Pump stderr = new Pump(ctx, process.getErrorStream(), FrameKind.STDERR, 4_096, true);
        stdout.start();
        stderr.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(ctx.input());
        } catch (IOException exitedEarly) {
            // the process did not read its input: its exit code says what that meant
        }
        try {
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (ctx.leaseLost()) {
                    process.destroyForcibly();
                    return; // the attempt is someone else's now: nothing to report
                }
            }
        } catch (InterruptedException stopping) {
            process.destroyForcibly();
            throw stopping;
        }
        stdout.join();
        stderr.join();
        int code = process.exitValue();
        if (code != 0) {
            String last = stderr.lastLine();
            ctx.fail("exit code " + code + (last.isEmpty() ? "" : ": " + last), FailureClass.TRANSIENT);
            return;
        }
        byte[] result = stdout.kept();
        JsonNode json = asJson(result);
        if (json != null) {
            ctx.completeJson(json);
        } else {
            ctx.complete(result);
        }
    }

    private static JsonNode asJson(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Render.JSON.readTree(bytes);
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * Reads one of the process's outputs to its end, a frame per read; keeps its first {@code keep} bytes, or its
     * last ones when {@code tail} (stderr: the last line says why it failed).
     */
    private static final class Pump extends Thread {
        private final WorkerContext ctx;
        private final InputStream in;
        private final FrameKind kind;
        private final int keep;
        private final boolean tail;
        private byte[] kept = new byte[0];
        private volatile boolean framesLost;

        Pump(WorkerContext ctx, InputStream in, FrameKind kind, int keep, boolean tail) {
            super("skein-worker-" + kind.wire());
            setDaemon(true);
            this.ctx = ctx;
            this.in = in;
            this.kind = kind;
            this.keep = keep;
            this.tail = tail;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[CHUNK];
            try {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    byte[] chunk = Arrays.copyOf(buffer, n);
                    keep(chunk);
                    if (!framesLost && !ctx.leaseLost()) {
                        try {
                            ctx.appendFrame(new Frame(chunk, kind, null, null, null));
                        } catch (RuntimeException refused) {
                            framesLost = true; // the output still goes to the result; the stream stops here
                        }
                    }
                }
            } catch (IOException closed) {
                // the process ended
            }
        }

        private void keep(byte[] chunk) {
            if (tail) {
                byte[] joined = Arrays.copyOf(kept, kept.length + chunk.length);
                System.arraycopy(chunk, 0, joined, kept.length, chunk.length);
                kept = Arrays.copyOfRange(joined, Math.max(0, joined.length - keep), joined.length);
            } else if (kept.length < keep) {
                int take = Math.min(chunk.length, keep - kept.length);
                byte[] joined = Arrays.copyOf(kept, kept.length + take);
                System.arraycopy(chunk, 0, joined, kept.length, take);
                kept = joined;
            }
        }

        byte[] kept() {
            return kept.clone();
        }

        String lastLine() {
            String text = new String(kept, StandardCharsets.UTF_8).strip();
            int cut = text.lastIndexOf('\n');
            return cut < 0 ? text : text.substring(cut + 1);
        }
    }
}
