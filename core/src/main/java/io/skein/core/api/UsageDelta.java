package io.skein.core.api;

import java.util.Objects;

/** One (dimension, delta) pair of a usage report, in the order budgets check them (spec 04 §5.2). */
public record UsageDelta(String dimension, long delta) {

    public UsageDelta {
        Objects.requireNonNull(dimension, "dimension");
    }
}
