package io.skein.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.HttpErrorMapping.HttpError;
import io.skein.core.wire.WireEnum;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HttpErrorMappingTest {

    private static Set<String> wires(WireEnum[] values) {
        return Arrays.stream(values).map(WireEnum::wire).collect(Collectors.toSet());
    }

    private static Set<String> spec(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    @Test
    void kindEnumsHoldExactlyTheWireCodesOfSpec03() {
        assertEquals(spec("invalid_input, capability_mismatch, invalid_capabilities, invalid_policy_json,"
                + " payload_too_large, signal_limit_exceeded, invalid_waitpoint_key, invalid_token,"
                + " waitpoint_not_token_bound, retention_limit_exceeded, invalid_lease_for_suspend, invalid_dependency,"
                + " invalid_waitpoint_for_execution, invalid_blocking_reason, invalid_offset, unauthorized,"
                + " invalid_budget_scope, budget_override_not_allowed, invalid_quota_spec, invalid_kid,"
                + " invalid_secret_hex, invalid_grace_ms, invalid_tag_key, invalid_frame_type, corruption,"
                + " handle_from_other_backend"), wires(ValidationKind.values()));
        assertEquals(spec("use_claim_resumed_execution, not_a_resumed_execution, execution_not_leaseable,"
                + " lease_conflict, invalid_claim_grant, claim_grant_expired, no_eligible_execution,"
                + " waitpoint_not_found, waitpoint_pending_use_buffer_script, stale_graph_revision,"
                + " execution_not_active, execution_not_eligible, execution_not_in_eligible_set,"
                + " execution_not_reclaimable, no_active_lease, rate_limit_exceeded, concurrency_limit_exceeded,"
                + " retry_exhausted"), wires(ContentionKind.values()));
        assertEquals(spec("dependency_already_exists, cycle_detected, self_referencing_edge,"
                + " execution_already_in_flow, waitpoint_already_exists, budget_attach_conflict,"
                + " quota_attach_conflict, rotation_conflict, active_attempt_exists"), wires(ConflictKind.values()));
        assertEquals(spec("stale_lease, lease_expired, lease_revoked, execution_not_suspended, already_suspended,"
                + " waitpoint_closed, target_not_signalable, duplicate_signal, resume_condition_not_met,"
                + " waitpoint_not_pending, pending_waitpoint_expired, waitpoint_not_open, execution_not_terminal,"
                + " max_replays_exhausted, stream_closed, stale_owner_cannot_append, grant_already_exists,"
                + " execution_not_in_flow, flow_already_terminal, deps_not_satisfied, not_blocked_by_deps,"
                + " not_runnable, terminal, budget_exceeded, budget_soft_exceeded, ok_already_applied,"
                + " attempt_not_started, attempt_already_terminal, execution_not_eligible_for_attempt,"
                + " replay_not_allowed, max_retries_exhausted, stream_already_closed, already_satisfied"),
                wires(StateKind.values()));
    }

    @Test
    void everyValidationKindIs400WithItsOwnKindExceptCorruptionAndOtherBackend() {
        for (ValidationKind kind : ValidationKind.values()) {
            HttpError http = HttpErrorMapping.map(new EngineError.Validation(kind, "field: reason"));
            String expectedKind = kind == ValidationKind.CORRUPTION || kind == ValidationKind.HANDLE_FROM_OTHER_BACKEND
                    ? "validation_error" : kind.wire();
            assertEquals(400, http.status(), kind.wire());
            assertEquals(expectedKind, http.kind(), kind.wire());
            assertEquals(expectedKind + ": field: reason", http.error(), kind.wire());
            assertFalse(http.retryable(), kind.wire());
        }
    }

    @Test
    void everyConflictKindIs409WithItsOwnKind() {
        for (ConflictKind kind : ConflictKind.values()) {
            HttpError http = HttpErrorMapping.map(new EngineError.Conflict(kind, "k2"));
            assertEquals(409, http.status(), kind.wire());
            assertEquals(kind.wire(), http.kind());
            assertEquals(kind.wire() + ": k2", http.error());
            assertFalse(http.retryable());
        }
    }

    @Test
    void contentionIs409RetryableExceptLimitsAt429AndRetryExhaustedAt500() {
        for (ContentionKind kind : ContentionKind.values()) {
            HttpError http = HttpErrorMapping.map(new EngineError.Contention(kind));
            switch (kind) {
                case RATE_LIMIT_EXCEEDED, CONCURRENCY_LIMIT_EXCEEDED -> {
                    assertEquals(429, http.status(), kind.wire());
                    assertEquals(kind.wire(), http.kind());
                    assertTrue(http.retryable());
                }
                case RETRY_EXHAUSTED -> {
                    assertEquals(500, http.status());
                    assertEquals("retry_exhausted", http.kind());
                    assertFalse(http.retryable());
                }
                default -> {
                    assertEquals(409, http.status(), kind.wire());
                    assertEquals("contention", http.kind(), kind.wire());
                    assertTrue(http.retryable(), kind.wire());
                    assertEquals("contention: " + kind.wire(), http.error());
                }
            }
        }
    }

    @Test
    void everyStateKindIs409WithTheKindOfItsSpecRow() {
        Set<StateKind> sameName = Set.of(StateKind.EXECUTION_NOT_TERMINAL, StateKind.MAX_REPLAYS_EXHAUSTED,
                StateKind.REPLAY_NOT_ALLOWED, StateKind.NOT_RUNNABLE, StateKind.TERMINAL,
                StateKind.FLOW_ALREADY_TERMINAL, StateKind.BUDGET_EXCEEDED, StateKind.BUDGET_SOFT_EXCEEDED);
        Set<StateKind> alreadySatisfied = Set.of(StateKind.ALREADY_SATISFIED, StateKind.DUPLICATE_SIGNAL,
                StateKind.OK_ALREADY_APPLIED, StateKind.ATTEMPT_ALREADY_TERMINAL, StateKind.STREAM_ALREADY_CLOSED,
                StateKind.LEASE_EXPIRED, StateKind.LEASE_REVOKED);
        for (StateKind kind : StateKind.values()) {
            HttpError http = HttpErrorMapping.map(new EngineError.State(kind, "detail"));
            String expected = sameName.contains(kind) ? kind.wire()
                    : alreadySatisfied.contains(kind) ? "already_satisfied" : "state_conflict";
            assertEquals(409, http.status(), kind.wire());
            assertEquals(expected, http.kind(), kind.wire());
            assertFalse(http.retryable());
            assertTrue(http.error().startsWith(expected + ": "), http.error());
        }
    }

    @Test
    void stateKindClassesFollowSpec03() {
        Set<StateKind> informational = Set.of(StateKind.EXECUTION_NOT_SUSPENDED, StateKind.ALREADY_SUSPENDED,
                StateKind.ALREADY_SATISFIED, StateKind.WAITPOINT_CLOSED, StateKind.DUPLICATE_SIGNAL,
                StateKind.GRANT_ALREADY_EXISTS, StateKind.OK_ALREADY_APPLIED, StateKind.ATTEMPT_ALREADY_TERMINAL,
                StateKind.STREAM_ALREADY_CLOSED, StateKind.BUDGET_SOFT_EXCEEDED, StateKind.WAITPOINT_NOT_OPEN,
                StateKind.WAITPOINT_NOT_PENDING, StateKind.PENDING_WAITPOINT_EXPIRED, StateKind.NOT_BLOCKED_BY_DEPS,
                StateKind.DEPS_NOT_SATISFIED);
        for (StateKind kind : StateKind.values()) {
            ErrorClass expected = kind == StateKind.BUDGET_EXCEEDED ? ErrorClass.COOPERATIVE
                    : informational.contains(kind) ? ErrorClass.INFORMATIONAL : ErrorClass.TERMINAL;
            assertEquals(expected, new EngineError.State(kind).errorClass(), kind.wire());
            assertFalse(new EngineError.State(kind).isRetryable());
        }
    }

    @Test
    void notFoundIs404WithEntityText() {
        HttpError http = HttpErrorMapping.map(new EngineError.NotFound("execution"));

        assertEquals(new HttpError(404, "not_found", "not found: execution", false), http);
    }

    @Test
    void unavailableIs503WithTheOpVerbatim() {
        HttpError http = HttpErrorMapping.map(
                new EngineError.Unavailable("deliver_signal (hmac_secret_not_initialized)"));

        assertEquals(new HttpError(503, "unavailable",
                "backend op unavailable: deliver_signal (hmac_secret_not_initialized)", false), http);
    }

    @Test
    void resourceExhaustedIs429Retryable() {
        HttpError http = HttpErrorMapping.map(new EngineError.ResourceExhausted("stream_ops", 64, 100L));

        assertEquals(429, http.status());
        assertEquals("resource_exhausted", http.kind());
        assertTrue(http.retryable());
    }

    @Test
    void transportIs500WithItsBackendKindAndItsOwnRetryability() {
        for (TransportKind kind : TransportKind.values()) {
            HttpError http = HttpErrorMapping.map(new EngineError.Transport(kind, "connection reset"));
            assertEquals(500, http.status());
            assertEquals(kind.wire(), http.kind());
            assertEquals(kind.retryable(), http.retryable(), kind.wire());
        }
        assertTrue(TransportKind.TRANSPORT.retryable() && TransportKind.TIMEOUT.retryable()
                && TransportKind.CLUSTER.retryable() && TransportKind.BUSY_LOADING.retryable());
        assertFalse(TransportKind.PROTOCOL.retryable() || TransportKind.AUTH.retryable()
                || TransportKind.OTHER.retryable());
    }

    @Test
    void timeoutAndBugAre500NotRetryable() {
        assertEquals(new HttpError(500, "timeout", "timeout: cancel_flow after 30000 ms", false),
                HttpErrorMapping.map(new EngineError.Timeout("cancel_flow", 30_000)));
        HttpError bug = HttpErrorMapping.map(new EngineError.Bug(BugKind.ATTEMPT_NOT_IN_CREATED_STATE, "x"));
        assertEquals(500, bug.status());
        assertEquals("bug", bug.kind());
        assertFalse(bug.retryable());
    }

    @Test
    void contextualKeepsStatusKindAndRetryabilityOfItsSource() {
        EngineError source = new EngineError.Transport(TransportKind.TIMEOUT, "read timed out");
        HttpError inner = HttpErrorMapping.map(source);

        HttpError http = HttpErrorMapping.map(new EngineError.Contextual(source, "claim"));

        assertEquals(inner.status(), http.status());
        assertEquals(inner.kind(), http.kind());
        assertEquals(inner.retryable(), http.retryable());
        assertEquals("claim: " + inner.error(), http.error());
        assertTrue(new EngineError.Contextual(source, "claim").isRetryable());
    }

    @Test
    void fixedAnswersForBadRequestUnauthorizedAndTooLarge() {
        assertEquals(new HttpError(400, "invalid_input", "invalid_input: unknown field 'x'", false),
                HttpErrorMapping.badRequest("unknown field 'x'"));
        assertEquals(401, HttpErrorMapping.unauthorized().status());
        assertEquals("unauthorized", HttpErrorMapping.unauthorized().kind());
        assertEquals(413, HttpErrorMapping.payloadTooLarge().status());
        assertEquals("payload_too_large", HttpErrorMapping.payloadTooLarge().kind());
    }

    @Test
    void contentionClassIsRetryableExceptRetryExhausted() {
        for (ContentionKind kind : ContentionKind.values()) {
            EngineError.Contention c = new EngineError.Contention(kind);
            boolean exhausted = kind == ContentionKind.RETRY_EXHAUSTED;
            assertEquals(!exhausted, c.isRetryable(), kind.wire());
            assertEquals(exhausted ? ErrorClass.TERMINAL : ErrorClass.RETRYABLE, c.errorClass());
        }
    }
}
