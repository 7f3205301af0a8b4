package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Suspension, waitpoints, signals and the HMAC keystore (spec 02 §2, §6; 04 §1–§2). Every method defaults to
 * {@code Unavailable{op}} with its snake_case name, so a partial backend compiles and fails loudly (spec 02 §12).
 */
public interface SignalOperations {

    /** Suspends the handle's execution on its waitpoints (suspend; spec 04 §2.3). */
    default SuspendOutcome suspend(Handle handle, SuspendArgs args) {
        throw EngineError.unavailable("suspend");
    }

    /** Suspends with an explicit fence triple; attempt, lane and worker come from state (suspend_by_triple; 02 §2). */
    default SuspendOutcome suspendByTriple(ExecutionId executionId, LeaseFence fence, SuspendArgs args) {
        throw EngineError.unavailable("suspend_by_triple");
    }

    /** Creates a {@code pending} waitpoint on the current attempt, keeping the lease (create_waitpoint; 02 §2). */
    default PendingWaitpoint createWaitpoint(Handle handle, WaitpointKey waitpointKey, Duration expiresIn) {
        throw EngineError.unavailable("create_waitpoint");
    }

    /** The satisfier signals of the attempt's latest suspension iff it closed resumed (observe_signals; 02 §2). */
    default List<ResumeSignal> observeSignals(Handle handle) {
        throw EngineError.unavailable("observe_signals");
    }

    /** Authenticates and records a signal, resuming when it completes the condition (deliver_signal; 04 §2.4). */
    default DeliverSignalResult deliverSignal(DeliverSignalArgs args) {
        throw EngineError.unavailable("deliver_signal");
    }

    /** Operator approval signal using the stored token (deliver_approval_signal; 02 §6). */
    default DeliverSignalResult deliverApprovalSignal(DeliverApprovalSignalArgs args) {
        throw EngineError.unavailable("deliver_approval_signal");
    }

    /** The raw token of a waitpoint, empty when it is absent (read_waitpoint_token; 02 §6). */
    default Optional<String> readWaitpointToken(PartitionKey partition, WaitpointId waitpointId) {
        throw EngineError.unavailable("read_waitpoint_token");
    }

    /** Pending and active waitpoints of an execution by id, without tokens (list_pending_waitpoints; 04 §1.1). */
    default ListPendingWaitpointsPage listPendingWaitpoints(ListPendingWaitpointsArgs args) {
        throw EngineError.unavailable("list_pending_waitpoints");
    }

    /** Installs a new current HMAC kid; the old retires after a grace (rotate_waitpoint_hmac_secret_all; 04 §1.3). */
    default RotateWaitpointHmacSecretAllResult rotateWaitpointHmacSecretAll(RotateWaitpointHmacSecretAllArgs args) {
        throw EngineError.unavailable("rotate_waitpoint_hmac_secret_all");
    }

    /** Installs the first HMAC kid of an empty keystore (seed_waitpoint_hmac_secret; 04 §1.3). */
    default SeedWaitpointHmacSecretResult seedWaitpointHmacSecret(SeedWaitpointHmacSecretArgs args) {
        throw EngineError.unavailable("seed_waitpoint_hmac_secret");
    }

    /** The current kid and the retired kids still in grace (list_waitpoint_hmac_kids; T2, 02 §6). */
    default WaitpointHmacKids listWaitpointHmacKids() {
        throw EngineError.unavailable("list_waitpoint_hmac_kids");
    }
}
