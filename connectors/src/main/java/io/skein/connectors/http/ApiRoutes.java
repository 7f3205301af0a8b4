package io.skein.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.CreateQuotaPolicyResult;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.ListPendingWaitpointsArgs;
import io.skein.core.api.ListPendingWaitpointsPage;
import io.skein.core.api.PendingWaitpointInfo;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrame;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.WaitpointHmacRotation;
import io.skein.core.api.WaitpointHmacRotationEntry;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.IssueReclaimGrantResult;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.HttpErrorMapping.HttpError;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.wire.SkeinJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FlowFabric REST routes of spec 03 §2.3 over an {@link EngineBackend}: each calls exactly one backend
 * operation and answers with the reference's JSON shape and status.
 */
final class ApiRoutes {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final ObjectMapper JSON = SkeinJson.strict();
    private static final long ROTATION_TIMEOUT_MS = 120_000;
    private static final int STREAM_MAX_LIMIT = 1_000;
    private static final int TAIL_MAX_BLOCK_MS = 30_000;

    /** Body of PUT priority. */
    record PriorityBody(int newPriority) {}

    /** Body of the worker claim route; the worker id comes from the path. */
    record ClaimBody(LaneId laneId, WorkerInstanceId workerInstanceId, CapabilitySet capabilities, long grantTtlMs) {}

    /** Body of the budget usage route: the dimensions as a map of non-negative deltas. */
    record UsageBody(Map<String, Long> dimensions, Long now, String dedupKey) {}

    /** Body of the rotation route; the grace is the server's {@code FF_WAITPOINT_HMAC_GRACE_MS}. */
    record RotateBody(String newKid, String newSecretHex) {}

    private final EngineBackend backend;
    private final HttpServerConfig config;
    private final PeopleRoutes people;
    private final ReentrantLock rotation = new ReentrantLock();
    private final ExecutorService rotationRunner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skein-http-rotation");
        t.setDaemon(true);
        return t;
    });

    /** {@code ids} supplies the uuids of the execution ids the server mints (D14). */
    ApiRoutes(EngineBackend backend, HttpServerConfig config, java.util.function.Supplier<java.util.UUID> ids) {
        this.backend = backend;
        this.config = config;
        this.people = new PeopleRoutes(backend, config.partitions(), ids);
    }

    void close() {
        rotationRunner.shutdownNow();
    }

    List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(route("GET", "/v1/executions", BodyLimit.NONE, "list_executions",
                "With partition: the ids of one partition's executions, paged by id (reference). Without: "
                        + "summaries across every partition, newest first, filtered by lane, state, kind and "
                        + "creation time, paged by an opaque cursor.", this::listExecutions));
        r.add(route("POST", "/v1/executions", BodyLimit.L, "create_execution",
                "Creates an execution (201 Created, 200 Duplicate). Without execution_id the server mints one "
                        + "that spreads the lane over every partition; \"input\" (any JSON) replaces "
                        + "input_payload bytes.", this::createExecution));
        r.add(route("GET", "/v1/executions/{id}", BodyLimit.NONE, "read_execution_info",
                "Reads an execution's info and state vector.", this::readExecutionInfo));
        r.add(people.detailRoute());
        r.add(route("GET", "/v1/executions/{id}/state", BodyLimit.NONE, "read_execution_state",
                "Reads an execution's public state as a JSON string.", this::readExecutionState));
        r.add(route("GET", "/v1/executions/{id}/pending-waitpoints", BodyLimit.NONE, "list_pending_waitpoints",
                "Lists the first 100 pending or active waitpoints (never raw tokens).", this::pendingWaitpoints));
        r.add(route("GET", "/v1/executions/{id}/waitpoints/{waitpoint_id}/token", BodyLimit.NONE,
                "read_waitpoint_token", "Reads the HMAC token of one of the execution's waitpoints.",
                this::waitpointToken));
        r.add(route("GET", "/v1/executions/{id}/result", BodyLimit.NONE, "get_execution_result",
                "Reads the raw result bytes of a successful execution.", this::executionResult));
        r.add(route("POST", "/v1/executions/{id}/cancel", BodyLimit.C, "cancel_execution",
                "Cancels an execution (source defaults to operator_override).", this::cancelExecution));
        r.add(route("POST", "/v1/executions/{id}/signal", BodyLimit.M, "deliver_signal",
                "Delivers a signal to a waitpoint with its token.", this::deliverSignal));
        r.add(route("PUT", "/v1/executions/{id}/priority", BodyLimit.C, "change_priority",
                "Changes the priority of a runnable, eligible execution.", this::changePriority));
        r.add(route("POST", "/v1/executions/{id}/replay", BodyLimit.NONE, "replay_execution",
                "Replays a terminal execution.", this::replayExecution));
        r.add(route("POST", "/v1/executions/{id}/revoke-lease", BodyLimit.NONE, "revoke_lease",
                "Revokes the current lease (reason operator_revoke).", this::revokeLease));
        r.add(route("POST", "/v1/executions/{id}/reclaim", BodyLimit.C, "issue_reclaim_grant",
                "Issues a reclaim grant for a reclaimable execution.", this::reclaim));
        r.add(route("POST", "/v1/workers/{worker_id}/claim", BodyLimit.C, "claim_for_worker",
                "Issues a claim grant for the lane's best eligible execution (204: no work).", this::claimForWorker));
        r.add(route("GET", "/v1/executions/{id}/attempts/{idx}/stream", BodyLimit.NONE, "read_stream",
                "Reads an attempt's stream frames in an inclusive range.", this::readStream));
        r.add(route("GET", "/v1/executions/{id}/attempts/{idx}/stream/tail", BodyLimit.NONE, "tail_stream",
                "Tails an attempt's stream after a concrete frame id, blocking up to block_ms.", this::tailStream));
        r.add(route("POST", "/v1/flows", BodyLimit.C, "create_flow",
                "Creates a flow (201 Created, 200 AlreadySatisfied).", this::createFlow));
        r.add(route("POST", "/v1/flows/{id}/members", BodyLimit.C, "add_execution_to_flow",
                "Adds an execution to a flow (201 Added, 200 AlreadyMember).", this::addMember));
        r.add(route("POST", "/v1/flows/{id}/cancel", BodyLimit.C, "cancel_flow",
                "Cancels a flow; query wait=true waits for the members.", this::cancelFlow));
        r.add(route("POST", "/v1/flows/{id}/edges", BodyLimit.C, "stage_dependency_edge",
                "Stages a dependency edge between two members.", this::stageEdge));
        r.add(route("POST", "/v1/flows/{id}/edges/apply", BodyLimit.C, "apply_dependency_to_child",
                "Applies a staged edge to its downstream member.", this::applyEdge));
        r.add(route("POST", "/v1/budgets", BodyLimit.C, "create_budget",
                "Creates a budget (201 Created, 200 AlreadySatisfied).", this::createBudget));
        r.add(route("GET", "/v1/budgets/{id}", BodyLimit.NONE, "get_budget_status",
                "Reads a budget's usage, limits and breach counters.", this::budgetStatus));
        r.add(route("POST", "/v1/budgets/{id}/usage", BodyLimit.C, "report_usage_admin",
                "Reports usage against a budget; breaches are 200 results.", this::reportUsage));
        r.add(route("POST", "/v1/budgets/{id}/reset", BodyLimit.NONE, "reset_budget",
                "Resets a budget's usage.", this::resetBudget));
        r.add(route("POST", "/v1/quotas", BodyLimit.C, "create_quota_policy",
                "Creates a quota policy (201 Created, 200 AlreadySatisfied).", this::createQuota));
        r.add(route("POST", "/v1/admin/rotate-waitpoint-secret", BodyLimit.C, "rotate_waitpoint_hmac_secret_all",
                "Rotates the waitpoint HMAC secret (one rotation at a time).", this::rotateSecret));
        return r;
    }

    static Route route(String method, String template, BodyLimit limit, String op, String summary,
                               Route.Handler handler) {
        return new Route(method, template, limit, true, op, summary, handler);
    }

    // ---------------------------------------------------------------------------------------------- executions

    private Reply listExecutions(Call call) {
        call.requireNoBody();
        String rawPartition = call.query("partition");
        if (rawPartition == null) {
            return people.search(call);
        }
        int partition = intQuery("partition", rawPartition, 0, config.partitions().flowPartitions() - 1);
        String rawCursor = call.query("cursor");
        ExecutionId cursor = rawCursor == null || rawCursor.isEmpty() ? null : ExecutionId.parse("cursor", rawCursor);
        int limit = intQuery(call, "limit", 1, 1_000, 50);
        var page = backend.listExecutions(PartitionKey.flow(partition), cursor, limit);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode ids = out.putArray("executions");
        page.executions().forEach(id -> ids.add(id.toString()));
        if (page.nextCursor() == null) {
            out.putNull("next_cursor");
        } else {
            out.put("next_cursor", page.nextCursor().toString());
        }
        return json(200, out);
    }

    private Reply createExecution(Call call) {
        CreateExecutionArgs args = call.bind(people.createBody(call), CreateExecutionArgs.class, Map.of(), true);
        CreateExecutionResult result = backend.createExecution(args);
        return json(result instanceof CreateExecutionResult.Created ? 201 : 200, result);
    }

    private Reply readExecutionInfo(Call call) {
        call.requireNoBody();
        return json(200, backend.readExecutionInfo(executionId(call))
                .orElseThrow(() -> EngineError.notFound("execution")));
    }

    private Reply readExecutionState(Call call) {
        call.requireNoBody();
        return json(200, backend.readExecutionState(executionId(call))
                .orElseThrow(() -> EngineError.notFound("execution")));
    }

    private Reply pendingWaitpoints(Call call) {
        call.requireNoBody();
        ListPendingWaitpointsPage page = backend.listPendingWaitpoints(
                new ListPendingWaitpointsArgs(executionId(call), null, ListPendingWaitpointsArgs.DEFAULT_LIMIT));
        return json(200, page.entries()).withHeader("Cache-Control", "no-store");
    }

    private Reply waitpointToken(Call call) {
        call.requireNoBody();
        ExecutionId id = executionId(call);
        WaitpointId waitpointId = parseId("waitpoint_id", () -> WaitpointId.parse(call.path("waitpoint_id")));
        if (!ownsWaitpoint(id, waitpointId)) {
            throw EngineError.notFound("waitpoint");
        }
        String token = backend.readWaitpointToken(id.partitionKey(), waitpointId)
                .orElseThrow(() -> EngineError.notFound("waitpoint"));
        ObjectNode out = JSON.createObjectNode();
        out.put("token", token);
        return json(200, out).withHeader("Cache-Control", "no-store");
    }

    /** Whether the waitpoint is one of the execution's open (pending or active) waitpoints. */
    private boolean ownsWaitpoint(ExecutionId id, WaitpointId waitpointId) {
        WaitpointId after = null;
        do {
            ListPendingWaitpointsPage page = backend.listPendingWaitpoints(
                    new ListPendingWaitpointsArgs(id, after, ListPendingWaitpointsArgs.MAX_LIMIT));
            for (PendingWaitpointInfo info : page.entries()) {
                if (info.waitpointId().equals(waitpointId)) {
                    return true;
                }
            }
            after = page.nextCursor();
        } while (after != null);
        return false;
    }

    private Reply executionResult(Call call) {
        call.requireNoBody();
        ExecutionId id = executionId(call);
        byte[] result = backend.getExecutionResult(id).orElseThrow(() -> HttpFailure.notFound("result"));
        return new Reply(200, "application/octet-stream", result, Map.of());
    }

    private Reply cancelExecution(Call call) {
        ExecutionId id = executionId(call);
        CancelExecutionArgs args = call.bind(CancelExecutionArgs.class, Map.of("execution_id", id), true);
        return json(200, backend.cancelExecution(args));
    }

    private Reply deliverSignal(Call call) {
        ExecutionId id = executionId(call);
        DeliverSignalArgs args = call.bind(DeliverSignalArgs.class, Map.of("execution_id", id), true);
        return json(200, backend.deliverSignal(args));
    }

    private Reply changePriority(Call call) {
        ExecutionId id = executionId(call);
        PriorityBody body = call.bind(PriorityBody.class, Map.of(), false);
        return json(200, backend.changePriority(new ChangePriorityArgs(id, body.newPriority(), null, call.now())));
    }

    private Reply replayExecution(Call call) {
        call.requireNoBody();
        return json(200, backend.replayExecution(new ReplayExecutionArgs(executionId(call), call.now())));
    }

    private Reply revokeLease(Call call) {
        call.requireNoBody();
        return json(200, backend.revokeLease(new RevokeLeaseArgs(executionId(call), null, "",
                RevokeLeaseArgs.DEFAULT_REASON)));
    }

    private Reply reclaim(Call call) {
        ExecutionId id = executionId(call);
        IssueReclaimGrantArgs args = call.bind(IssueReclaimGrantArgs.class, Map.of("execution_id", id), false);
        IssueReclaimGrantResult result = backend.issueReclaimGrant(args);
        ObjectNode out = JSON.createObjectNode();
        if (result instanceof IssueReclaimGrantResult.Granted granted) {
            out.put("status", "granted");
            out.put("execution_id", granted.grant().executionId().toString());
            out.put("partition_key", granted.grant().partitionKey().toString());
            out.put("grant_key", granted.grant().grantKey());
            out.put("expires_at_ms", granted.grant().expiresAtMs());
            out.put("lane_id", granted.grant().laneId().value());
        } else if (result instanceof IssueReclaimGrantResult.NotReclaimable not) {
            out.put("status", "not_reclaimable");
            out.put("execution_id", not.executionId().toString());
            out.put("detail", not.detail());
        } else if (result instanceof IssueReclaimGrantResult.ReclaimCapExceeded cap) {
            out.put("status", "reclaim_cap_exceeded");
            out.put("execution_id", cap.executionId().toString());
            out.put("reclaim_count", cap.reclaimCount());
        }
        return json(200, out);
    }

    private Reply claimForWorker(Call call) {
        WorkerId workerId = parseId("worker_id", () -> WorkerId.of(call.path("worker_id")));
        ClaimBody body = call.bind(ClaimBody.class, Map.of(), false);
        ClaimForWorkerArgs args = build(() -> new ClaimForWorkerArgs(body.laneId(), workerId,
                body.workerInstanceId(), body.capabilities(), body.grantTtlMs()));
        ClaimForWorkerResult result = backend.claimForWorker(args);
        if (result instanceof ClaimForWorkerResult.Granted granted) {
            return json(200, granted.grant());
        }
        return Reply.noContent();
    }

    // ------------------------------------------------------------------------------------------------- streams

    private Reply readStream(Call call) {
        call.requireNoBody();
        ExecutionId id = executionId(call);
        int attempt = attemptIndex(call);
        StreamCursor from = cursor(call.query("from"), "start");
        StreamCursor to = cursor(call.query("to"), "end");
        int limit = intQuery(call, "limit", 1, STREAM_MAX_LIMIT, 100);
        return json(200, frames(backend.readStream(id, attempt, from, to, limit)));
    }

    private Reply tailStream(Call call) {
        call.requireNoBody();
        ExecutionId id = executionId(call);
        int attempt = attemptIndex(call);
        StreamCursor after = cursor(call.query("after"), "0-0");
        if (!(after instanceof StreamCursor.At)) {
            throw HttpFailure.badRequest("after: must be a concrete frame id, not start or end");
        }
        long blockMs = intQuery(call, "block_ms", 0, TAIL_MAX_BLOCK_MS, 0);
        int limit = intQuery(call, "limit", 1, STREAM_MAX_LIMIT, 50);
        return json(200, frames(backend.tailStream(id, attempt, after, blockMs, limit, TailVisibility.ALL)));
    }

    private static ObjectNode frames(StreamFrames frames) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("frames");
        for (StreamFrame frame : frames.frames()) {
            ObjectNode f = list.addObject();
            f.put("id", frame.id().toString());
            ObjectNode fields = f.putObject("fields");
            frame.fields().forEach(fields::put);
        }
        out.put("count", frames.frames().size());
        if (frames.closedAt() != null) {
            out.put("closed_at", frames.closedAt());
        }
        if (frames.closedReason() != null) {
            out.set("closed_reason", JSON.valueToTree(frames.closedReason()));
        }
        return out;
    }

    private static StreamCursor cursor(String raw, String fallback) {
        String text = raw == null ? fallback : raw;
        try {
            return StreamCursor.parse(text);
        } catch (EngineException e) {
            throw HttpFailure.badRequest("invalid_cursor: " + text);
        }
    }

    private static int attemptIndex(Call call) {
        return intQuery("idx", call.path("idx"), 0, Integer.MAX_VALUE);
    }

    // --------------------------------------------------------------------------------------------------- flows

    private Reply createFlow(Call call) {
        CreateFlowArgs args = call.bind(CreateFlowArgs.class, Map.of(), true);
        CreateFlowResult result = backend.createFlow(args);
        return json(result instanceof CreateFlowResult.Created ? 201 : 200, result);
    }

    private Reply addMember(Call call) {
        FlowId id = flowId(call);
        AddExecutionToFlowArgs args = call.bind(AddExecutionToFlowArgs.class, Map.of("flow_id", id), true);
        AddExecutionToFlowResult result = backend.addExecutionToFlow(args);
        return json(result instanceof AddExecutionToFlowResult.Added ? 201 : 200, result);
    }

    private Reply cancelFlow(Call call) {
        FlowId id = flowId(call);
        String wait = call.query("wait");
        CancelFlowWait mode;
        if (wait == null || wait.equals("false") || wait.equals("0")) {
            mode = new CancelFlowWait.NoWait();
        } else if (wait.equals("true") || wait.equals("1")) {
            mode = new CancelFlowWait.WaitIndefinite();
        } else {
            throw HttpFailure.badRequest("wait: must be true, 1, false or 0");
        }
        CancelFlowArgs args = call.bind(CancelFlowArgs.class, Map.of("flow_id", id), true);
        return json(200, backend.cancelFlow(id, args.cancellationPolicy(), mode, args.reason()));
    }

    private Reply stageEdge(Call call) {
        FlowId id = flowId(call);
        StageDependencyEdgeArgs args = call.bind(StageDependencyEdgeArgs.class, Map.of("flow_id", id), true);
        return json(201, backend.stageDependencyEdge(args));
    }

    private Reply applyEdge(Call call) {
        FlowId id = flowId(call);
        ApplyDependencyToChildArgs args = call.bind(ApplyDependencyToChildArgs.class, Map.of("flow_id", id), true);
        return json(200, backend.applyDependencyToChild(args));
    }

    // ------------------------------------------------------------------------------------------ budgets/quotas

    private Reply createBudget(Call call) {
        CreateBudgetArgs args = call.bind(CreateBudgetArgs.class, Map.of(), true);
        CreateBudgetResult result = backend.createBudget(args);
        return json(result instanceof CreateBudgetResult.Created ? 201 : 200, result);
    }

    private Reply budgetStatus(Call call) {
        call.requireNoBody();
        return json(200, backend.getBudgetStatus(budgetId(call)));
    }

    private Reply reportUsage(Call call) {
        BudgetId id = budgetId(call);
        UsageBody body = call.bind(UsageBody.class, Map.of(), true);
        if (body.dimensions() == null) {
            throw HttpFailure.badRequest("dimensions: missing");
        }
        List<String> names = new ArrayList<>();
        List<Long> deltas = new ArrayList<>();
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(body.dimensions()).entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw HttpFailure.badRequest("dimensions." + e.getKey() + ": must be a non-negative integer");
            }
            names.add(e.getKey());
            deltas.add(e.getValue());
        }
        ReportUsageAdminArgs args = build(() -> new ReportUsageAdminArgs(names, deltas, body.dedupKey(), body.now()));
        return json(200, backend.reportUsageAdmin(id, args));
    }

    private Reply resetBudget(Call call) {
        call.requireNoBody();
        return json(200, backend.resetBudget(new ResetBudgetArgs(budgetId(call), call.now())));
    }

    private Reply createQuota(Call call) {
        CreateQuotaPolicyArgs args = call.bind(CreateQuotaPolicyArgs.class, Map.of(), true);
        CreateQuotaPolicyResult result = backend.createQuotaPolicy(args);
        return json(result instanceof CreateQuotaPolicyResult.Created ? 201 : 200, result);
    }

    // --------------------------------------------------------------------------------------------------- admin

    private Reply rotateSecret(Call call) {
        RotateBody body = call.bind(RotateBody.class, Map.of(), false);
        RotateWaitpointHmacSecretAllArgs args = build(() -> new RotateWaitpointHmacSecretAllArgs(body.newKid(),
                body.newSecretHex(), config.hmacGraceMs()));
        if (!rotation.tryLock()) {
            throw HttpFailure.of(new HttpError(429, "rotation_in_progress",
                    "rotation_in_progress: another waitpoint secret rotation is running", true));
        }
        RotateWaitpointHmacSecretAllResult result;
        try {
            Future<RotateWaitpointHmacSecretAllResult> running =
                    rotationRunner.submit(() -> backend.rotateWaitpointHmacSecretAll(args));
            try {
                result = running.get(ROTATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                running.cancel(true);
                AUDIT.warn("waitpoint secret rotation to kid {} timed out after {} ms", args.newKid(),
                        ROTATION_TIMEOUT_MS);
                throw HttpFailure.of(new HttpError(504, "timeout",
                        "timeout: rotation took longer than 120 s; retrying is safe", true));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw EngineError.unavailable("rotate_waitpoint_hmac_secret_all");
            }
        } finally {
            rotation.unlock();
        }
        int rotated = 0;
        ObjectNode out = JSON.createObjectNode();
        ArrayNode failed = JSON.createArrayNode();
        for (WaitpointHmacRotationEntry entry : result.entries()) {
            if (entry.result() instanceof WaitpointHmacRotation.Failed f) {
                ObjectNode one = failed.addObject();
                one.put("partition", entry.partition());
                one.put("error", f.errorVariant() + ": " + f.message());
            } else {
                rotated++;
            }
        }
        AUDIT.info("waitpoint secret rotated to kid {}: {} rotated, {} failed", args.newKid(), rotated,
                failed.size());
        if (rotated == 0 && failed.size() > 0) {
            throw HttpFailure.badRequest("rotation failed on every partition: " + failed);
        }
        out.put("rotated", rotated);
        out.set("failed", failed);
        out.put("new_kid", args.newKid());
        return json(200, out);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static ExecutionId executionId(Call call) {
        return ExecutionId.parse("execution_id", call.path("id"));
    }

    private static FlowId flowId(Call call) {
        return parseId("flow_id", () -> FlowId.parse(call.path("id")));
    }

    private static BudgetId budgetId(Call call) {
        return parseId("budget_id", () -> BudgetId.parse(call.path("id")));
    }

    /** A path id parsed by its type; any failure is a 400 naming the parameter. */
    static <T> T parseId(String field, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw HttpFailure.badRequest(field + ": malformed");
        }
    }

    /** Builds an argument record from bound parts; a constructor's null check is a 400 like any other. */
    static <T> T build(java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (EngineException e) {
            throw e;
        } catch (NullPointerException | IllegalArgumentException e) {
            throw HttpFailure.badRequest(e.getMessage() == null ? "body: missing field" : e.getMessage()
                    + ": missing or invalid");
        }
    }

    static int intQuery(Call call, String name, int min, int max, int fallback) {
        String raw = call.query(name);
        return raw == null ? fallback : intQuery(name, raw, min, max);
    }

    /** A whole-number query parameter (milliseconds, say), or null when absent. */
    static Long longQuery(Call call, String name) {
        String raw = call.query(name);
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HttpFailure.badRequest(name + ": must be an integer, got '" + truncate(raw) + "'");
        }
    }

    private static int intQuery(String name, String raw, int min, int max) {
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HttpFailure.badRequest(name + ": must be an integer, got '" + truncate(raw) + "'");
        }
        if (value < min || value > max) {
            throw HttpFailure.badRequest(name + ": must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    private static String truncate(String raw) {
        return raw.length() > 64 ? raw.substring(0, 64) + "…" : raw;
    }

    static Reply json(int status, Object value) {
        try {
            return new Reply(status, Reply.JSON, JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable: " + value.getClass().getName(), e);
        }
    }
}
