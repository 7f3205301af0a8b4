package io.skein.core.api;

import io.skein.core.error.EngineError;
import java.util.ArrayList;
import java.util.List;

/**
 * Arguments of {@code reportUsageAdmin} (spec 02 §8): parallel {@code dimensions} and {@code deltas} of equal
 * length (else {@code InvalidInput}); {@code dedupKey} is nullable.
 */
public record ReportUsageAdminArgs(List<String> dimensions, List<Long> deltas, String dedupKey, long now) {

    public ReportUsageAdminArgs {
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        deltas = deltas == null ? List.of() : List.copyOf(deltas);
        if (deltas.size() != dimensions.size()) {
            throw EngineError.invalidInput("deltas: length differs from dimensions");
        }
    }

    /** The pairs in the given order, which is the check order. */
    public List<UsageDelta> usageDeltas() {
        List<UsageDelta> out = new ArrayList<>();
        for (int i = 0; i < dimensions.size(); i++) {
            out.add(new UsageDelta(dimensions.get(i), deltas.get(i)));
        }
        return List.copyOf(out);
    }
}
