package io.skein.sql.uow;

import io.skein.core.error.ConflictKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.TransportKind;

/**
 * The typed error of a unique-key clash that is a real one (not a creation race the retried unit resolves), by the
 * table it hit: a second waitpoint, edge, running attempt, grant or signal with the same key is a clash the caller
 * must see as such (spec 03 §1). Tables without a matching kind keep {@code Transport(other)} naming the constraint:
 * never retryable, so never {@code RetryExhausted}. Shared by the PostgreSQL (23505) and SQLite
 * ({@code SQLITE_CONSTRAINT_UNIQUE} / {@code _PRIMARYKEY}) mappings.
 */
public final class UniqueKeyClash {

    private UniqueKeyClash() {
    }

    /** @param backend prefix of the transport detail ({@code postgres}, {@code sqlite}) */
    public static EngineError of(String backend, String table, String constraint) {
        String detail = "unique constraint " + constraint + " on " + table + " already holds this key";
        return switch (table) {
            case "ff_waitpoint_pending" -> new EngineError.Conflict(ConflictKind.WAITPOINT_ALREADY_EXISTS, detail);
            case "ff_edge" -> new EngineError.Conflict(ConflictKind.DEPENDENCY_ALREADY_EXISTS, detail);
            case "ff_attempt" -> new EngineError.Conflict(ConflictKind.ACTIVE_ATTEMPT_EXISTS, detail);
            case "ff_waitpoint_hmac" -> new EngineError.Conflict(ConflictKind.ROTATION_CONFLICT, detail);
            case "ff_claim_grant" -> new EngineError.State(StateKind.GRANT_ALREADY_EXISTS, detail);
            case "ff_signal", "ff_signal_dedup" -> new EngineError.State(StateKind.DUPLICATE_SIGNAL, detail);
            default -> new EngineError.Transport(TransportKind.OTHER, backend + ": " + detail);
        };
    }
}
