package io.skein.core.timer;

import java.util.Objects;

/**
 * One timer of an execution: its kind, when it is due, and what it is about beyond the execution (the waitpoint id
 * of a pending-waitpoint expiry, the grant key of a grant expiry; null otherwise).
 */
public record DueTimer(TimerKind kind, long dueAtMs, String detail) {

    public DueTimer {
        Objects.requireNonNull(kind, "kind");
    }
}
