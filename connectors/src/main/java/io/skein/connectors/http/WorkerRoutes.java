package io.skein.connectors.http;

import static io.skein.connectors.http.ApiRoutes.build;
import static io.skein.connectors.http.ApiRoutes.json;
import static io.skein.connectors.http.ApiRoutes.parseId;
import static io.skein.connectors.http.ApiRoutes.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.CancelSource;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.ExecutionDetail;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.wire.SkeinJson;
import java.nio.charset.StandardCharsets;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.StreamMode;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The handle-based worker lifecycle (spec 02 §2) over HTTP, so a worker in any language can run with curl: claim
 * (by lane, or by a grant from {@code POST /v1/workers/{worker_id}/claim}), renew, progress, append frame,
 * complete, fail, suspend and create waitpoint. Every body but a claim's carries {@code "handle"} in its JSON form
 * (spec 01 §12) beside the operation's fields; the handle's fence decides what the call may do.
 */
final class WorkerRoutes {

    /** Body of the lane claim; {@code lease_ttl_ms} defaults to the worker lease TTL of spec 01 §7. */
    record LaneClaimBody(WorkerId workerId, WorkerInstanceId workerInstanceId, CapabilitySet capabilities,
                         Integer leaseTtlMs) {}

    /** Body of the claim by grant: the grant {@code claim_for_worker} issued, and who consumes it. */
    record GrantClaimBody(ExecutionId executionId, String grantKey, LaneId laneId, WorkerId workerId,
                          WorkerInstanceId workerInstanceId, Integer leaseTtlMs, Long attemptTimeoutMs) {}

    /** The fields of a route that takes only the handle. */
    record NoFields() {}

    /** Progress fields; both nullable (spec 02 §2 progress). */
    record ProgressBody(Integer percent, String message) {}

    /** A frame to append; {@code payload} is the frame's bytes as a JSON number array. */
    record FrameBody(byte[] payload, FrameKind kind, String frameType, String correlationId, StreamMode mode) {}

    /**
     * The attempt's result: {@code result} bytes, or {@code result_json} any JSON (stored as its UTF-8 text with
     * result encoding json); neither is a completion without a result.
     */
    record CompleteBody(byte[] result, JsonNode resultJson) {}

    /** A failure report; {@code failure_class} defaults to {@code transient} (spec 02 §3). */
    record FailBody(String message, byte[] detail, FailureClass failureClass) {}

    /** A pending waitpoint to create, expiring {@code expires_in_ms} from now. */
    record WaitpointBody(WaitpointKey waitpointKey, long expiresInMs) {}

    /**
     * What a claim answers: the handle, the attempt it opened as the handle carries it, and the execution's kind and
     * input when the backend can tell them: the bytes always, their encoding, and {@code input} as JSON when the
     * input was given as JSON.
     */
    record ClaimedWork(Handle handle, ExecutionId executionId, int attemptIndex, long leaseEpoch, long leaseTtlMs,
                       byte[] inputPayload, String executionKind, String payloadEncoding, JsonNode input) {}

    private static final ObjectMapper JSON = SkeinJson.strict();

    private final EngineBackend backend;

    WorkerRoutes(EngineBackend backend) {
        this.backend = backend;
    }

    List<Route> routes() {
        return List.of(
                route("POST", "/v1/worker/lanes/{lane_id}/claim", BodyLimit.C, "claim",
                        "Claims the lane's best eligible execution, fresh or resumed: the handle, execution id, "
                                + "attempt index, lease epoch and input (204: no work).", this::claim),
                route("POST", "/v1/worker/claim-grant", BodyLimit.C, "claim_execution",
                        "Claims the execution of a claim grant (claim_resumed_execution for a resumed one); "
                                + "answers as the lane claim.", this::claimGrant),
                route("POST", "/v1/worker/renew", BodyLimit.C, "renew",
                        "Extends the handle's lease by its TTL: {expires_at_ms, lease_epoch}.", this::renew),
                route("POST", "/v1/worker/progress", BodyLimit.C, "progress",
                        "Overwrites the attempt's progress percent and message (204).", this::progress),
                route("POST", "/v1/worker/frames", BodyLimit.FRAME, "append_frame",
                        "Appends a frame to the attempt's stream: {stream_id, frame_count, summary_version?}.",
                        this::appendFrame),
                route("POST", "/v1/worker/complete", BodyLimit.RESULT, "complete",
                        "Completes the attempt with an optional result (204); replay-safe.", this::complete),
                route("POST", "/v1/worker/fail", BodyLimit.C, "fail",
                        "Fails the attempt: RetryScheduled{delay_until} or TerminalFailed; replay-safe.",
                        this::fail),
                route("POST", "/v1/worker/suspend", BodyLimit.C, "suspend",
                        "Suspends the attempt on waitpoints: Suspended{details, handle} or AlreadySatisfied.",
                        this::suspend),
                route("POST", "/v1/worker/waitpoints", BodyLimit.C, "create_waitpoint",
                        "Creates a pending waitpoint (201 {waitpoint_id, hmac_token}).", this::createWaitpoint));
    }

    private Reply claim(Call call) {
        LaneId lane = parseId("lane_id", () -> LaneId.of(call.path("lane_id")));
        LaneClaimBody body = call.bind(LaneClaimBody.class, Map.of(), false);
        ClaimPolicy policy = build(() -> new ClaimPolicy(body.workerId(), body.workerInstanceId(),
                body.leaseTtlMs() == null ? ClaimPolicy.DEFAULT_LEASE_TTL_MS : body.leaseTtlMs(), null));
        CapabilitySet capabilities = body.capabilities() == null ? CapabilitySet.EMPTY : body.capabilities();
        return backend.claim(lane, capabilities, policy).map(this::claimed).orElseGet(Reply::noContent);
    }

    private Reply claimGrant(Call call) {
        GrantClaimBody body = call.bind(GrantClaimBody.class, Map.of(), false);
        if (body.grantKey() == null || body.grantKey().isEmpty()) {
            throw HttpFailure.badRequest("grant_key: missing");
        }
        long ttl = body.leaseTtlMs() == null ? ClaimPolicy.DEFAULT_LEASE_TTL_MS : body.leaseTtlMs();
        long now = call.now();
        // expected_attempt_index is advisory (ClaimExecutionArgs); the backend assigns the index
        ClaimExecutionArgs fresh = build(() -> new ClaimExecutionArgs(body.executionId(), body.workerId(),
                body.workerInstanceId(), body.laneId(), LeaseId.random(), ttl, AttemptId.random(), 0, "",
                body.attemptTimeoutMs(), null, now, body.grantKey()));
        Handle handle;
        try {
            ClaimExecutionResult result = backend.claimExecution(fresh);
            handle = ((ClaimExecutionResult.Claimed) result).claimed().handle();
        } catch (EngineException e) {
            if (!(e.error() instanceof EngineError.Contention c)
                    || c.kind() != ContentionKind.USE_CLAIM_RESUMED_EXECUTION) {
                throw e;
            }
            // claim_for_worker issues a resume grant for a suspended-then-resumed attempt: continue that attempt
            int attemptIndex = backend.readCurrentAttemptIndex(body.executionId());
            ClaimResumedExecutionResult result = backend.claimResumedExecution(new ClaimResumedExecutionArgs(
                    body.executionId(), body.workerId(), body.workerInstanceId(), body.laneId(), LeaseId.random(),
                    ttl, attemptIndex, null, now, body.grantKey()));
            handle = ((ClaimResumedExecutionResult.Claimed) result).handle();
        }
        return claimed(handle);
    }

    /** The claim answer; the execution's input is read after the claim, so a backend without that read still works. */
    private Reply claimed(Handle handle) {
        HandleFields fields = HandleCodec.peek(handle);
        ExecutionDetail detail;
        try {
            detail = backend.readExecutionDetail(fields.executionId()).orElse(null);
        } catch (EngineException e) {
            if (!(e.error() instanceof EngineError.Unavailable)) {
                throw e;
            }
            detail = null;
        }
        JsonNode input = null;
        if (detail != null) {
            ObjectNode holder = JSON.createObjectNode();
            PeopleRoutes.payload(holder, "input", "bytes", detail.inputPayload(), detail.payloadEncoding());
            input = holder.get("input");
        }
        return json(200, new ClaimedWork(handle, fields.executionId(), fields.attemptIndex(), fields.leaseEpoch(),
                fields.leaseTtlMs(), detail == null ? null : detail.inputPayload(),
                detail == null ? null : detail.executionKind(), detail == null ? null : detail.payloadEncoding(),
                input));
    }

    private Reply renew(Call call) {
        Call.WithHandle<NoFields> body = call.bindWithHandle(NoFields.class, false);
        return json(200, backend.renew(body.handle()));
    }

    private Reply progress(Call call) {
        Call.WithHandle<ProgressBody> body = call.bindWithHandle(ProgressBody.class, false);
        backend.progress(body.handle(), body.args().percent(), body.args().message());
        return Reply.noContent();
    }

    private Reply appendFrame(Call call) {
        Call.WithHandle<FrameBody> body = call.bindWithHandle(FrameBody.class, false);
        FrameBody f = body.args();
        Frame frame = build(() -> new Frame(f.payload(), f.kind(), f.frameType(), f.correlationId(), f.mode()));
        return json(200, backend.appendFrame(body.handle(), frame));
    }

    private Reply complete(Call call) {
        Call.WithHandle<CompleteBody> body = call.bindWithHandle(CompleteBody.class, false);
        JsonNode resultJson = body.args().resultJson();
        if (resultJson == null || resultJson.isNull()) {
            backend.complete(body.handle(), body.args().result());
            return Reply.noContent();
        }
        if (body.args().result() != null) {
            throw HttpFailure.badRequest("result_json: give result (bytes) or result_json (any JSON), not both");
        }
        // The result keeps its encoding through the service layer's complete (complete by handle stores none), fenced
        // by the handle's triple. The handle is verified whole first, by the store that holds its key: observing
        // signals reads only, and refuses a tampered handle or another backend's as every handle operation does.
        backend.observeSignals(body.handle());
        HandleFields h = HandleCodec.peek(body.handle());
        backend.completeExecution(new CompleteExecutionArgs(h.executionId(), new LeaseFence(h.leaseId(),
                h.leaseEpoch(), h.attemptId()), h.attemptIndex(),
                PeopleRoutes.text(resultJson).getBytes(StandardCharsets.UTF_8), ClaimedInput.JSON_ENCODING,
                CancelSource.LEASE_HOLDER, call.now()));
        return Reply.noContent();
    }

    private Reply fail(Call call) {
        Call.WithHandle<FailBody> body = call.bindWithHandle(FailBody.class, false);
        FailBody f = body.args();
        FailureReason reason = build(() -> new FailureReason(f.message(), f.detail()));
        FailureClass failureClass = f.failureClass() == null ? FailureClass.TRANSIENT : f.failureClass();
        return json(200, backend.fail(body.handle(), reason, failureClass));
    }

    private Reply suspend(Call call) {
        Call.WithHandle<SuspendArgs> body = call.bindWithHandle(SuspendArgs.class, true);
        return json(200, backend.suspend(body.handle(), body.args()));
    }

    private Reply createWaitpoint(Call call) {
        Call.WithHandle<WaitpointBody> body = call.bindWithHandle(WaitpointBody.class, false);
        WaitpointBody w = body.args();
        if (w.waitpointKey() == null) {
            throw HttpFailure.badRequest("waitpoint_key: missing");
        }
        if (w.expiresInMs() <= 0) {
            throw HttpFailure.badRequest("expires_in_ms: must be > 0, got " + w.expiresInMs());
        }
        return json(201, backend.createWaitpoint(body.handle(), w.waitpointKey(), Duration.ofMillis(w.expiresInMs())));
    }
}
