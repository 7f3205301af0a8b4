package io.skein.connectors.cli;

import io.skein.connectors.client.SkeinHttp;
import io.skein.connectors.worker.SkeinWorker;
import io.skein.connectors.worker.SkeinWorkerBuilder;
import io.skein.connectors.worker.WorkerContext;
import io.skein.connectors.worker.WorkerHandler;
import io.skein.core.api.FailureClass;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skein worker --lane L -- COMMAND ARGS…}: a worker in any language over the HTTP API. Each claimed
 * execution runs {@code COMMAND} ({@link ProcessHandler}); the worker renews the lease while it runs. Runs until
 * Ctrl-C (then lets running commands finish within the grace), or with {@code --once} until one execution is done.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run a command for each execution of a lane: the input on its stdin, its stdout and stderr "
                + "streamed as the attempt's output; exit 0 completes with its stdout (JSON when it is JSON), "
                + "another exit code fails the attempt.",
                "Example: skein worker --lane default -- python3 -c 'import sys,json; "
                + "print(json.dumps({\"n\": len(sys.stdin.read())}))'"})
final class WorkerCommand extends ApiCommand {

    @Option(names = "--lane", defaultValue = "default", description = "The lane to work (default: ${DEFAULT-VALUE}).")
    String lane;

    @Option(names = "--kind", description = "Run only executions of this kind; others the lane hands this worker "
            + "fail as transient, so their retry goes to another worker (give a kind its own lane to avoid that).")
    String kind;

    @Option(names = "--concurrency", defaultValue = "1", description = "Commands running at once at most "
            + "(default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--once", description = "Work one execution, then exit: 0 when it completed, 1 otherwise.")
    boolean once;

    @Option(names = "--worker-id", defaultValue = "skein-worker", description = "Who this worker is, in leases "
            + "and metrics (default: ${DEFAULT-VALUE}).")
    String workerId;

    @Option(names = "--namespace", defaultValue = "default", description = "The namespace the worker registers in "
            + "(it registers on start, heartbeats and is marked dead on exit; default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--lease-ttl", defaultValue = "30s", converter = DurationConverter.class,
            description = "Lease per claim, renewed every third of it while the command runs (default: "
                    + "${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
    List<String> command;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean lastCompleted = new AtomicBoolean();

    /** Asks a running worker to stop (what Ctrl-C does). */
    void requestStop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        if (concurrency < 1) {
            throw usage("--concurrency must be at least 1, got " + concurrency);
        }
        SkeinHttp.address(api.server()); // a bad address is a one-line error before anything starts
        SkeinWorkerBuilder builder = SkeinWorker.builder().http(api.server(), api.token()).lane(LaneId.of(lane))
                .workerId(WorkerId.of(workerId)).namespace(Namespace.of(namespace)).capacity(once ? 1 : concurrency)
                .leaseTtl(leaseTtl)
                .shutdownGrace(Duration.ofSeconds(30));
        SkeinWorker worker = builder.build();
        WorkerHandler run = reporting(worker, new ProcessHandler(command));
        if (kind == null) {
            worker.onAny(run);
        } else {
            worker.on(kind, run).onAny(reporting(worker, ctx -> ctx.fail("worker " + workerId + " runs only kind "
                    + kind, FailureClass.TRANSIENT)));
        }
        err().println("skein worker: working lane " + lane + (kind == null ? "" : " (kind " + kind + ")") + " at "
                + api.server() + " with " + (once ? 1 : concurrency) + " slot(s): " + String.join(" ", command)
                + (once ? " (once)" : "; Ctrl-C stops"));
        err().flush();
        worker.start();
        Foreground.runUntilStopped(stopRequested, worker::close);
        return once && !lastCompleted.get() ? 1 : 0;
    }

    /** Says on stderr how each execution ended; with --once, the first one ends the worker. */
    private WorkerHandler reporting(SkeinWorker worker, WorkerHandler inner) {
        return ctx -> {
            if (once) {
                worker.stopClaiming(); // the one execution is this one
            }
            long started = System.nanoTime();
            String outcome = "failed";
            try {
                inner.handle(ctx);
                outcome = ended(ctx);
            } finally {
                err().println("skein worker: " + ctx.executionId() + " " + outcome + " after "
                        + Render.duration((System.nanoTime() - started) / 1_000_000));
                err().flush();
                lastCompleted.set(outcome.equals("completed"));
                if (once) {
                    stopRequested.countDown();
                }
            }
        };
    }

    private static String ended(WorkerContext ctx) {
        if (ctx.leaseLost()) {
            return "lost its lease";
        }
        return ctx.completed() ? "completed" : "failed";
    }
}
