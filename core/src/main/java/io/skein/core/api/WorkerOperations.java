package io.skein.core.api;

import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.LeaseHistoryEvent;
import io.skein.core.api.worker.ListExpiredLeasesArgs;
import io.skein.core.api.worker.ListExpiredLeasesPage;
import io.skein.core.api.worker.ListWorkersArgs;
import io.skein.core.api.worker.ListWorkersPage;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.MarkWorkerDeadResult;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.api.worker.RegisterWorkerResult;
import io.skein.core.api.worker.SignalDeliveryEvent;
import io.skein.core.error.EngineError;
import io.skein.core.id.LaneId;
import java.util.Optional;

/**
 * The handle-based worker lifecycle (spec 02 §2), the worker registry (§10, T2) and event subscriptions (§11, T2).
 * Every default throws {@code Unavailable{op}} with the FlowFabric snake_case name (02 §12).
 */
public interface WorkerOperations {

    // ---- Worker and attempt operations (02 §2)

    /**
     * Claims the lane's best admissible eligible execution, fresh or resumed by routing; empty = no work (spec 02 §2
     * claim, 04 §5.4).
     */
    default Optional<Handle> claim(LaneId lane, CapabilitySet capabilities, ClaimPolicy policy) {
        throw EngineError.unavailable("claim");
    }

    /** Extends the handle's lease by its TTL; the epoch is unchanged (spec 02 §2 renew). */
    default LeaseRenewal renew(Handle handle) {
        throw EngineError.unavailable("renew");
    }

    /**
     * Overwrites the progress fields; {@code percent} (0–100) and {@code message} (≤ 4096 bytes) are nullable
     * (spec 02 §2 progress).
     */
    default void progress(Handle handle, Integer percent, String message) {
        throw EngineError.unavailable("progress");
    }

    /** Completes the attempt with an optional (nullable) result payload; replay-safe (spec 02 §2 complete). */
    default void complete(Handle handle, byte[] payload) {
        throw EngineError.unavailable("complete");
    }

    /** Fails the attempt; the class drives the retry decision; replay-safe (spec 02 §2 fail, 01 §10). */
    default FailOutcome fail(Handle handle, FailureReason reason, FailureClass classification) {
        throw EngineError.unavailable("fail");
    }

    /** Worker cancel with source {@code lease_holder}; replay-safe (spec 02 §2 cancel). */
    default void cancel(Handle handle, String reason) {
        throw EngineError.unavailable("cancel");
    }

    /** Releases the lease and makes the execution eligible again at {@code delayUntil} (spec 02 §2 delay). */
    default void delay(Handle handle, long delayUntil) {
        throw EngineError.unavailable("delay");
    }

    /** Releases the lease until the execution's dependencies resolve (spec 02 §2 wait_children). */
    default void waitChildren(Handle handle) {
        throw EngineError.unavailable("wait_children");
    }

    /**
     * Resumed claim consuming a {@code resume} grant; empty when no longer resumable (spec 02 §2
     * claim_from_resume_grant).
     */
    default Optional<Handle> claimFromResumeGrant(ResumeToken token) {
        throw EngineError.unavailable("claim_from_resume_grant");
    }

    /**
     * Reclaim attempt (epoch + 1) from a {@code reclaim} grant; empty on a live lease or a non-active execution
     * (spec 02 §2 claim_from_reclaim, 01 §11).
     */
    default Optional<Handle> claimFromReclaim(ReclaimToken token) {
        throw EngineError.unavailable("claim_from_reclaim");
    }

    // ---- Worker registry (02 §10, T2)

    /** Registers or overwrites a worker instance (spec 02 §10 register_worker, T2). */
    default RegisterWorkerResult registerWorker(RegisterWorkerArgs args) {
        throw EngineError.unavailable("register_worker");
    }

    /** Refreshes a live registration (spec 02 §10 heartbeat_worker, T2). */
    default HeartbeatWorkerResult heartbeatWorker(HeartbeatWorkerArgs args) {
        throw EngineError.unavailable("heartbeat_worker");
    }

    /** Removes a registration; its leases expire on their own (spec 02 §10 mark_worker_dead, T2). */
    default MarkWorkerDeadResult markWorkerDead(MarkWorkerDeadArgs args) {
        throw EngineError.unavailable("mark_worker_dead");
    }

    /** One page of live workers of a namespace by instance id (spec 02 §10 list_workers, T2). */
    default ListWorkersPage listWorkers(ListWorkersArgs args) {
        throw EngineError.unavailable("list_workers");
    }

    /** Active executions whose lease expired by {@code asOf}, read-only (spec 02 §10 list_expired_leases, T2). */
    default ListExpiredLeasesPage listExpiredLeases(ListExpiredLeasesArgs args) {
        throw EngineError.unavailable("list_expired_leases");
    }

    // ---- Event subscriptions (02 §11, T2); filter is nullable (matches everything)

    /** Lease acquired / expired / reclaimed / revoked events from {@code cursor} (spec 02 §11 subscribe_lease_history). */
    default EventSubscription<LeaseHistoryEvent> subscribeLeaseHistory(EventCursor cursor, ScannerFilter filter) {
        throw EngineError.unavailable("subscribe_lease_history");
    }

    /** Terminal-outcome events from {@code cursor} (spec 02 §11 subscribe_completion). */
    default EventSubscription<CompletionEvent> subscribeCompletion(EventCursor cursor, ScannerFilter filter) {
        throw EngineError.unavailable("subscribe_completion");
    }

    /** Signal-delivery events from {@code cursor} (spec 02 §11 subscribe_signal_delivery). */
    default EventSubscription<SignalDeliveryEvent> subscribeSignalDelivery(EventCursor cursor, ScannerFilter filter) {
        throw EngineError.unavailable("subscribe_signal_delivery");
    }
}
