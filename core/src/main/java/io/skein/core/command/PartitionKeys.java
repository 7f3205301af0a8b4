package io.skein.core.command;

import io.skein.core.api.Handle;
import io.skein.core.handle.HandleCodec;

/** Record keys shared by several command records. */
final class PartitionKeys {

    private PartitionKeys() {}

    /**
     * The {@code {fp:N}} of the execution a handle names. The handle is checked as strictly as a backend would, so a
     * corrupt handle is rejected before it is produced rather than routed by garbage.
     */
    static String ofHandle(Handle handle) {
        return HandleCodec.peek(handle).executionId().partitionKey().toString();
    }
}
