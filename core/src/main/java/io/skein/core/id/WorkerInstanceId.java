package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One worker process: 1–256 bytes without whitespace or control characters. */
public record WorkerInstanceId(String value) implements Comparable<WorkerInstanceId> {

    public WorkerInstanceId {
        IdText.noWhitespace("worker_instance_id", value, 256);
    }

    @JsonCreator
    public static WorkerInstanceId of(String value) {
        return new WorkerInstanceId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(WorkerInstanceId other) {
        return value.compareTo(other.value);
    }
}
