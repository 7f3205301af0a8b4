package io.skein.sql.stream;

import java.util.Objects;
import java.util.UUID;

/**
 * One attempt stream, as stored: the execution's partition, its UUID and the attempt index.
 *
 * @param partitionKey the {@code {fp:N}} number
 * @param executionId  the UUID part of the execution id
 * @param attemptIndex the attempt owning the stream
 */
public record StreamKey(int partitionKey, UUID executionId, int attemptIndex) {

    public StreamKey {
        Objects.requireNonNull(executionId, "executionId");
    }
}
