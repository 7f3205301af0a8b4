package io.skein.core.api;

/**
 * Result of {@code appendFrame} (spec 04 §3.2): {@code streamId} is the new entry's id {@code "<ms>-<seq>"},
 * {@code frameCount} the lifetime number of appends of the attempt, {@code summaryVersion} the summary document's
 * version after a summary append (nullable otherwise).
 */
public record AppendFrameOutcome(String streamId, long frameCount, Long summaryVersion) {}
