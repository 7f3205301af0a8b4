package io.skein.connectors.worker;

/**
 * The code a {@link SkeinWorker} runs for one claimed attempt. Returning without settling the attempt completes it
 * with an empty result; throwing fails it as {@code transient}, so the execution's retry policy decides what follows.
 */
@FunctionalInterface
public interface WorkerHandler {

    void handle(WorkerContext context) throws Exception;
}
