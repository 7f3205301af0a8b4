package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code reportUsage}, {@code reportUsageAdmin} and {@code recordSpend} (spec 04 §5.2). */
@ExternallyTagged
public sealed interface ReportUsageResult permits ReportUsageResult.Ok, ReportUsageResult.SoftBreach,
        ReportUsageResult.HardBreach, ReportUsageResult.AlreadyApplied {

    /** Applied within every limit. */
    record Ok() implements ReportUsageResult {}

    /** Applied; {@code dimension} is now above its soft limit ({@code currentUsage} after the increment). */
    record SoftBreach(String dimension, long currentUsage, long softLimit) implements ReportUsageResult {}

    /** Rejected: {@code dimension} would exceed its hard limit ({@code currentUsage} before); nothing was applied. */
    record HardBreach(String dimension, long currentUsage, long hardLimit) implements ReportUsageResult {}

    /** The dedup key was already applied; nothing changed. */
    record AlreadyApplied() implements ReportUsageResult {}
}
