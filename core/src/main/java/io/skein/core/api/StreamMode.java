package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.wire.ExternallyTagged;

/** How a frame is kept (spec 04 §3.3). Its stored wire name is {@link #kind()}. */
@ExternallyTagged
public sealed interface StreamMode permits StreamMode.Durable, StreamMode.DurableSummary, StreamMode.BestEffort {

    /** The wire name stored with the frame. */
    StreamModeKind kind();

    /** Kept, up to the attempt's {@code retention_maxlen} durable frames. */
    record Durable() implements StreamMode {
        @Override public StreamModeKind kind() { return StreamModeKind.DURABLE; }
    }

    /** The payload is a JSON merge patch on the attempt's summary document ({@link JsonMergePatch}). */
    record DurableSummary() implements StreamMode {
        /** The only patch kind. */
        public static final String PATCH_KIND = "json-merge-patch";

        @Override public StreamModeKind kind() { return StreamModeKind.DURABLE_SUMMARY; }
    }

    /**
     * Short-lived frames kept to an adaptive cap. {@code ttlMs} must be positive; the knobs are optional and an
     * invalid one (missing, non-positive, alpha outside (0, 1]) takes its default; a ceiling below the floor becomes
     * the floor.
     */
    record BestEffort(long ttlMs, Integer maxlenFloor, Integer maxlenCeiling, Double emaAlpha) implements StreamMode {
        public static final int DEFAULT_MAXLEN_FLOOR = 64;
        public static final int DEFAULT_MAXLEN_CEILING = 16_384;
        public static final double DEFAULT_EMA_ALPHA = 0.2;

        public BestEffort {
            if (ttlMs <= 0) {
                throw EngineError.invalidInput("mode.ttl_ms: must be > 0");
            }
            maxlenFloor = maxlenFloor == null || maxlenFloor <= 0 ? DEFAULT_MAXLEN_FLOOR : maxlenFloor;
            maxlenCeiling = maxlenCeiling == null || maxlenCeiling <= 0 ? DEFAULT_MAXLEN_CEILING : maxlenCeiling;
            if (maxlenCeiling < maxlenFloor) {
                maxlenCeiling = maxlenFloor;
            }
            emaAlpha = emaAlpha == null || !(emaAlpha > 0 && emaAlpha <= 1) ? DEFAULT_EMA_ALPHA : emaAlpha;
        }

        /** A best-effort mode with every knob at its default. */
        public static BestEffort withTtl(long ttlMs) {
            return new BestEffort(ttlMs, null, null, null);
        }

        @Override public StreamModeKind kind() { return StreamModeKind.BEST_EFFORT; }

        /** The estimated rate after the first append: {@code floor / (ttl_s × 2)} frames per second. */
        public double seedRateHz() {
            return maxlenFloor / (ttlMs / 1000.0 * 2);
        }

        /** The rate estimate after an append {@code deltaMs} after the previous one (exponential moving average). */
        public double nextRateHz(double previousRateHz, long deltaMs) {
            double instant = 1000.0 / Math.max(1, deltaMs);
            return emaAlpha * instant + (1 - emaAlpha) * previousRateHz;
        }

        /** How many newest best-effort frames to keep: {@code clamp(ceil(rate × ttl_s × 2), floor, ceiling)}. */
        public int retainCount(double rateHz) {
            double wanted = Math.ceil(rateHz * (ttlMs / 1000.0) * 2);
            if (!(wanted >= maxlenFloor)) {
                return maxlenFloor;
            }
            return wanted >= maxlenCeiling ? maxlenCeiling : (int) wanted;
        }

        /** The age beyond which housekeeping deletes a best-effort frame: {@code 2 × ttl_ms}. */
        public long housekeepingAgeMs() {
            return ttlMs > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : ttlMs * 2;
        }
    }
}
