package io.skein.core.api;

import io.skein.core.error.EngineError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A usage report (spec 02 §1). The fixed fields report to dimensions {@code input_tokens}, {@code output_tokens}
 * and {@code wall_ms} when non-zero; {@code custom} adds named dimensions (sorted; a name equal to a fixed dimension
 * is {@code InvalidInput}). {@code wallMs} and {@code dedupKey} are nullable.
 */
public record UsageDimensions(long inputTokens, long outputTokens, Long wallMs, Map<String, Long> custom,
                              String dedupKey) {

    public static final String INPUT_TOKENS = "input_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    public static final String WALL_MS = "wall_ms";

    public UsageDimensions {
        SortedMap<String, Long> sorted = new TreeMap<>();
        if (custom != null) {
            for (Map.Entry<String, Long> e : custom.entrySet()) {
                String name = e.getKey();
                if (name == null || name.isEmpty()) {
                    throw EngineError.invalidInput("custom: dimension names must be non-empty");
                }
                if (name.equals(INPUT_TOKENS) || name.equals(OUTPUT_TOKENS) || name.equals(WALL_MS)) {
                    throw EngineError.invalidInput("custom: " + name + " is a fixed dimension; use its field");
                }
                if (e.getValue() == null) {
                    throw EngineError.invalidInput("custom: " + name + " has no value");
                }
                sorted.put(name, e.getValue());
            }
        }
        custom = Collections.unmodifiableSortedMap(sorted);
    }

    /** Only custom dimensions. */
    public static UsageDimensions ofCustom(Map<String, Long> custom, String dedupKey) {
        return new UsageDimensions(0, 0, null, custom, dedupKey);
    }

    /**
     * The (dimension, delta) pairs to apply, in check order: {@code input_tokens}, {@code output_tokens},
     * {@code wall_ms} (each only when non-zero), then the custom dimensions by name.
     */
    public List<UsageDelta> deltas() {
        List<UsageDelta> out = new ArrayList<>();
        if (inputTokens != 0) {
            out.add(new UsageDelta(INPUT_TOKENS, inputTokens));
        }
        if (outputTokens != 0) {
            out.add(new UsageDelta(OUTPUT_TOKENS, outputTokens));
        }
        if (wallMs != null && wallMs != 0) {
            out.add(new UsageDelta(WALL_MS, wallMs));
        }
        custom.forEach((name, delta) -> out.add(new UsageDelta(name, delta)));
        return List.copyOf(out);
    }
}
