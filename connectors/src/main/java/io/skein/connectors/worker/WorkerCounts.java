package io.skein.connectors.worker;

/**
 * What a {@link SkeinWorker} has done since it started.
 *
 * @param claimed   grants this worker claimed (each ran its handler once)
 * @param released  grants handed back because the worker lacked a required capability or was shutting down
 * @param skipped   grants that were stale, expired or already taken when this worker reached them
 * @param completed attempts completed by this worker
 * @param failed    attempts this worker reported failed (the handler threw or called {@code fail})
 */
public record WorkerCounts(long claimed, long released, long skipped, long completed, long failed) {}
