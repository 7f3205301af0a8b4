package io.skein.connectors.http;

import static io.skein.connectors.http.ApiRoutes.intQuery;
import static io.skein.connectors.http.ApiRoutes.json;
import static io.skein.connectors.http.ApiRoutes.longQuery;
import static io.skein.connectors.http.ApiRoutes.parseId;
import static io.skein.connectors.http.ApiRoutes.route;

import io.skein.core.api.EngineBackend;
import io.skein.core.api.worker.ExpiredLeaseCursor;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.ListExpiredLeasesArgs;
import io.skein.core.api.worker.ListWorkersArgs;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerInstanceId;
import java.util.List;
import java.util.Map;

/**
 * The worker registry over HTTP (spec 02 §10; Skein-only routes, issue 20): a worker that talks HTTP registers,
 * heartbeats and marks itself dead on the worker routes; operators list the live workers of a namespace and the
 * expired leases. Bodies and answers are the operations' records in their JSON form.
 */
final class WorkerRegistryRoutes {

    private final EngineBackend backend;

    WorkerRegistryRoutes(EngineBackend backend) {
        this.backend = backend;
    }

    List<Route> routes() {
        return List.of(
                route("GET", "/v1/workers", BodyLimit.NONE, "list_workers",
                        "Lists the live workers of a namespace by instance id: {entries, cursor} (cursor: the "
                                + "after of the next page, null on the last).", this::listWorkers),
                route("GET", "/v1/leases/expired", BodyLimit.NONE, "list_expired_leases",
                        "Lists active executions whose current lease expired by as_of (default now), by (expiry, "
                                + "execution id): {entries, cursor}.", this::listExpiredLeases),
                route("POST", "/v1/worker/register", BodyLimit.C, "register_worker",
                        "Registers or refreshes a worker instance: \"Registered\" or \"Refreshed\".",
                        this::register),
                route("POST", "/v1/worker/heartbeat", BodyLimit.C, "heartbeat_worker",
                        "Refreshes a live registration: {\"Refreshed\":{next_expiry_ms}} or \"NotRegistered\".",
                        this::heartbeat),
                route("POST", "/v1/worker/dead", BodyLimit.C, "mark_worker_dead",
                        "Removes a registration (its leases expire on their own): \"Marked\" or \"NotRegistered\".",
                        this::markDead));
    }

    private Reply listWorkers(Call call) {
        call.requireNoBody();
        String rawNamespace = call.query("namespace");
        if (rawNamespace == null || rawNamespace.isEmpty()) {
            throw HttpFailure.badRequest("namespace: required");
        }
        Namespace namespace = parseId("namespace", () -> Namespace.of(rawNamespace));
        String rawAfter = call.query("after");
        WorkerInstanceId after = rawAfter == null || rawAfter.isEmpty() ? null
                : parseId("after", () -> WorkerInstanceId.of(rawAfter));
        int limit = intQuery(call, "limit", 0, ListWorkersArgs.DEFAULT_LIMIT, ListWorkersArgs.DEFAULT_LIMIT);
        return json(200, backend.listWorkers(new ListWorkersArgs(namespace, after, limit)));
    }

    private Reply listExpiredLeases(Call call) {
        call.requireNoBody();
        Long asOf = longQuery(call, "as_of");
        Long afterExpiry = longQuery(call, "after_expires_at_ms");
        String rawAfterId = call.query("after_execution_id");
        if ((afterExpiry == null) != (rawAfterId == null)) {
            throw HttpFailure.badRequest("after_expires_at_ms and after_execution_id: give both or neither");
        }
        ExpiredLeaseCursor after = afterExpiry == null ? null : new ExpiredLeaseCursor(afterExpiry,
                ExecutionId.parse("after_execution_id", rawAfterId));
        int limit = intQuery(call, "limit", 0, ListExpiredLeasesArgs.MAX_LIMIT, ListExpiredLeasesArgs.DEFAULT_LIMIT);
        int partitions = intQuery(call, "max_partitions_per_call", 1, 0xFFFF + 1,
                ListExpiredLeasesArgs.DEFAULT_MAX_PARTITIONS_PER_CALL);
        String rawNamespace = call.query("namespace");
        Namespace namespace = rawNamespace == null || rawNamespace.isEmpty() ? null
                : parseId("namespace", () -> Namespace.of(rawNamespace));
        return json(200, backend.listExpiredLeases(new ListExpiredLeasesArgs(asOf == null ? call.now() : asOf, after,
                limit, partitions, namespace)));
    }

    private Reply register(Call call) {
        RegisterWorkerArgs args = call.bind(RegisterWorkerArgs.class, Map.of(), true);
        return json(200, backend.registerWorker(args));
    }

    private Reply heartbeat(Call call) {
        HeartbeatWorkerArgs args = call.bind(HeartbeatWorkerArgs.class, Map.of(), true);
        return json(200, backend.heartbeatWorker(args));
    }

    private Reply markDead(Call call) {
        MarkWorkerDeadArgs args = call.bind(MarkWorkerDeadArgs.class, Map.of(), true);
        return json(200, backend.markWorkerDead(args));
    }
}
