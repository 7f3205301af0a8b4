package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.Namespace;

/**
 * Arguments of {@code listExpiredLeases} (spec 02 §10, T2). Nullable: {@code after}, {@code namespace};
 * {@code limit} defaults to 1000 (max 10 000), {@code maxPartitionsPerCall} to 32.
 */
public record ListExpiredLeasesArgs(long asOf, ExpiredLeaseCursor after, Integer limit, Integer maxPartitionsPerCall,
                                    Namespace namespace) {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    public static final int DEFAULT_MAX_PARTITIONS_PER_CALL = 32;

    public ListExpiredLeasesArgs {
        limit = limit == null ? DEFAULT_LIMIT : (int) ArgCheck.range(limit, 0, MAX_LIMIT, "limit");
        maxPartitionsPerCall = maxPartitionsPerCall == null ? DEFAULT_MAX_PARTITIONS_PER_CALL
                : (int) ArgCheck.range(maxPartitionsPerCall, 1, 0xFFFF + 1, "max_partitions_per_call");
    }
}
