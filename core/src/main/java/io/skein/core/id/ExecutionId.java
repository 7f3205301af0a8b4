package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code {fp:N}:<uuid>}: the execution's flow-family partition and a UUID (spec 01 §2). The partition is always
 * read from the id, never recomputed. Any case is accepted for the UUID; lowercase is emitted.
 */
public record ExecutionId(int partition, UUID uuid) implements Comparable<ExecutionId> {

    public ExecutionId {
        Objects.requireNonNull(uuid, "uuid");
        if (partition < 0 || partition > 0xFFFF) {
            throw IdText.invalid("execution_id", "partition out of range 0..65535");
        }
    }

    @JsonCreator
    public static ExecutionId parse(String text) {
        return parse("execution_id", text);
    }

    /** Parses, naming {@code field} in the validation error. */
    public static ExecutionId parse(String field, String text) {
        if (text == null) {
            throw IdText.invalid(field, "missing");
        }
        if (!text.startsWith("{fp:")) {
            throw IdText.invalid(field, "expected {fp:N}:<uuid>");
        }
        int close = text.indexOf("}:");
        if (close < 0) {
            throw IdText.invalid(field, "expected {fp:N}:<uuid>");
        }
        int partition = PartitionKey.parseU16(field, text.substring(4, close));
        return new ExecutionId(partition, IdText.uuid(field, text.substring(close + 2)));
    }

    /** Mints the id of an execution in {@code partition} (deterministic for a given uuid). */
    public static ExecutionId of(int partition, UUID uuid) {
        return new ExecutionId(partition, uuid);
    }

    /** The {@code {fp:N}} partition tag, the execution's Kafka record key. */
    public PartitionKey partitionKey() {
        return PartitionKey.flow(partition);
    }

    @JsonValue
    @Override
    public String toString() {
        return "{fp:" + partition + "}:" + uuid;
    }

    /** Executions sort by partition, then UUID text (the listing order of spec 02 §5). */
    @Override
    public int compareTo(ExecutionId other) {
        int c = Integer.compare(partition, other.partition);
        return c != 0 ? c : uuid.toString().compareTo(other.uuid.toString());
    }
}
