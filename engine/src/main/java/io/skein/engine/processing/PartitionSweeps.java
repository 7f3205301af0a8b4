package io.skein.engine.processing;

import io.skein.core.error.EngineError;
import io.skein.core.id.PartitionFamily;
import io.skein.core.id.PartitionKey;

/** Checks of the partition sweeps' arguments (spec 02 §9): a sweep names a partition of the family it sweeps. */
public final class PartitionSweeps {

    private PartitionSweeps() {}

    /** {@code partition} is of {@code family}, else {@code InvalidInput} naming the {@code expected} partition. */
    public static void requireFamily(PartitionKey partition, PartitionFamily family, String expected) {
        if (partition.family() != family) {
            throw EngineError.invalidInput("partition: expected " + expected + " {" + family.prefix() + ":N}, got "
                    + partition);
        }
    }
}
