package io.skein.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.client.KafkaEngineClient;
import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.core.api.AdditionalWaitpoint;
import io.skein.core.api.CancelSource;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumePolicy;
import io.skein.core.api.SignalMatcher;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.SuspensionReasonCode;
import io.skein.core.api.SuspensionRequester;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.execution.RevokeLeaseResult;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.SignalId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.HmacSeed;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21 item 1: {@code ff.events} is readable by more parties than the workers holding leases, so no event may
 * carry what lets its reader act as one. A full lifecycle runs through the real topology on a real broker — claims,
 * progress, a suspension on a pending and a fresh waitpoint, a signal that resumes, a resumed claim, completion, a
 * retry then a terminal failure, a lease that expires and is claimed again, a cancel, a revoked lease — and every
 * record a {@code read_committed} consumer then finds on {@code ff.events} is free of every handle, waitpoint token
 * and lease id the run produced, while still saying what happened (types, attempt, epoch, token kid and
 * fingerprint).
 */
class EventSecretsTest {

    private static final LaneId LANE = LaneId.of("secrets");
    private static final TopicNames TOPICS = TopicNames.DEFAULT;
    private static final WorkerId WORKER = WorkerId.of("w1");
    private static final WorkerInstanceId INSTANCE = WorkerInstanceId.of("w1-i1");
    /** Field names that only ever hold a credential or what rebuilds one. */
    private static final Set<String> SECRET_FIELDS = Set.of("handle", "opaque", "lease_id", "waitpoint_token",
            "token", "hmac_token");

    private final List<Handle> handles = new ArrayList<>();
    private final Set<String> secrets = new HashSet<>();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void noEventCarriesAHandleATokenOrALeaseId(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
             SqliteBackend store = SqliteBackend.open(SqliteOptions.of(dir.resolve("skein.db").toString())
                     .withEnv(Map.of("FF_DEV_MODE", "1")::get), new HmacSeed(EngineProcess.KID,
                     EngineProcess.SECRET_HEX))) {
            store.prepare();
            SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(),
                    dir.resolve("state")).withApplicationId("skein-event-secrets");
            try (SkeinEngine engine = SkeinEngine.start(config, () -> store, PartitionConfig.DEFAULT,
                         Duration.ofSeconds(90));
                 KafkaEngineClient.Connected client = KafkaEngineClient.connect(broker.bootstrapServers(), TOPICS,
                         store, Duration.ofSeconds(5), engine::ensureLane)) {
                engine.ensureLane(LANE.value());
                EngineBackend backend = client.backend();

                // given: a lifecycle that touches every secret an engine hands out
                ExecutionId suspended = suspendSignalResumeComplete(backend);
                ExecutionId failing = retryThenFail(backend);
                ExecutionId expiring = expireReclaimCancel(backend, store);
                ExecutionId revoked = revoke(backend);

                // when: ff.events is read to its end, as any reader of the topic may
                List<String> records = CompletionEvents.records(broker.bootstrapServers(), TOPICS);

                // then: no record holds a handle, a token or a lease id, under any field name or as any value
                for (Handle h : handles) {
                    secrets.add(h.opaqueBase64());
                    secrets.add(HandleCodec.peek(h).leaseId().toString());
                }
                assertTrue(secrets.size() >= 10, "the run handed out the secrets it should have: " + secrets.size());
                List<JsonNode> events = new ArrayList<>();
                for (String record : records) {
                    for (String secret : secrets) {
                        assertFalse(record.contains(secret), "an event carries a secret: " + record);
                    }
                    JsonNode event = SkeinJson.lenient().readTree(record);
                    assertNoSecretField(event, record);
                    events.add(event);
                }
                // and the events still tell the story, with the public facts in place of the secrets
                assertHas(events, suspended, "execution_claimed", "execution_suspended", "signal_delivered",
                        "execution_completed");
                assertHas(events, failing, "retry_scheduled", "execution_failed");
                assertHas(events, expiring, "lease_expired", "execution_cancelled");
                assertHas(events, revoked, "lease_revoked");
                JsonNode suspension = only(events, suspended, "execution_suspended");
                JsonNode details = suspension.path("data").path("result").path("Suspended").path("details");
                assertEquals(EngineProcess.KID, details.path("waitpoint_kid").asText(), suspension.toString());
                assertEquals(16, details.path("waitpoint_fingerprint").asText().length(), suspension.toString());
                assertEquals(EngineProcess.KID, details.path("additional_waitpoints").path(0)
                        .path("waitpoint_kid").asText(), suspension.toString());
                for (JsonNode claim : all(events, suspended, "execution_claimed")) {
                    assertTrue(claim.path("attempt_index").isInt() && claim.path("lease_epoch").isIntegralNumber(),
                            "a claim event names its attempt and epoch: " + claim);
                }
            }
        }
    }

    private ExecutionId suspendSignalResumeComplete(EngineBackend backend) {
        ExecutionId id = create(backend);
        Handle lease = claim(backend, 30_000);
        backend.progress(lease, 50, "half way");
        backend.renew(lease);
        PendingWaitpoint pending = backend.createWaitpoint(lease, WaitpointKey.of("wpk:approval"),
                Duration.ofHours(1));
        secrets.add(pending.hmacToken());
        SuspendOutcome outcome = backend.suspend(lease, new SuspendArgs(SuspensionId.random(),
                List.of(new WaitpointBinding.UsePending(pending.waitpointId()),
                        new WaitpointBinding.Fresh(WaitpointId.random(), WaitpointKey.of("wpk:extra"))),
                new ResumeCondition.Single(WaitpointKey.of("wpk:approval"), new SignalMatcher.Wildcard()),
                ResumePolicy.defaults(), SuspensionReasonCode.WAITING_FOR_APPROVAL, SuspensionRequester.WORKER,
                null, null, null, 0, null));
        SuspendOutcome.Suspended suspension = (SuspendOutcome.Suspended) outcome;
        handles.add(suspension.handle());
        secrets.add(suspension.details().waitpointToken());
        for (AdditionalWaitpoint extra : suspension.details().additionalWaitpoints()) {
            secrets.add(extra.waitpointToken());
        }
        backend.deliverSignal(new DeliverSignalArgs(id, pending.waitpointId(), SignalId.random(), "approved",
                "approval", "user", "tester", new byte[0], null, null, null, null, null, null, null, null, null,
                pending.hmacToken(), 0));
        Handle resumed = claim(backend, 30_000);
        backend.complete(resumed, "done".getBytes(StandardCharsets.UTF_8));
        return id;
    }

    private ExecutionId retryThenFail(EngineBackend backend) {
        ExecutionId id = create(backend);
        backend.fail(claim(backend, 30_000), FailureReason.of("flaky"), FailureClass.TRANSIENT);
        backend.fail(claim(backend, 30_000), FailureReason.of("broken"), FailureClass.PERMANENT);
        return id;
    }

    private ExecutionId expireReclaimCancel(EngineBackend backend, SqliteBackend store) throws InterruptedException {
        ExecutionId id = create(backend);
        claim(backend, 300);
        // the engine's lease-expiry timer marks the lapsed lease and re-queues the execution
        await(() -> store.readExecutionState(id).orElseThrow() == PublicState.WAITING, "the lease expired");
        claim(backend, 30_000);
        backend.cancelExecution(new CancelExecutionArgs(id, "no longer needed", CancelSource.OPERATOR_OVERRIDE,
                null, null, null, 0));
        return id;
    }

    private ExecutionId revoke(EngineBackend backend) {
        ExecutionId id = create(backend);
        claim(backend, 30_000);
        RevokeLeaseResult result = backend.revokeLease(new RevokeLeaseArgs(id, null, null, null));
        secrets.add(((RevokeLeaseResult.Revoked) result).leaseId().toString());
        return id;
    }

    private static ExecutionId create(EngineBackend backend) {
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "secrets.test",
                "in".getBytes(StandardCharsets.UTF_8), null, 0, "tester", null, Map.of(), null, null, null,
                id.partition(), 0));
        return id;
    }

    /** Claims the lane's one claimable execution (fresh, resumed or reclaimed), waiting out a retry backoff. */
    private Handle claim(EngineBackend backend, int leaseTtlMs) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            Optional<Handle> h = backend.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WORKER, INSTANCE,
                    leaseTtlMs, null));
            if (h.isPresent()) {
                handles.add(h.get());
                return h.get();
            }
        }
        throw new AssertionError("nothing to claim on " + LANE + " within 30 s");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what + ": not within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static void assertNoSecretField(JsonNode node, String record) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertFalse(SECRET_FIELDS.contains(field.getKey()), "an event carries " + field.getKey() + ": "
                        + record);
                assertNoSecretField(field.getValue(), record);
            }
        } else if (node.isArray()) {
            node.forEach(element -> assertNoSecretField(element, record));
        }
    }

    private static List<JsonNode> all(List<JsonNode> events, ExecutionId id, String type) {
        return events.stream().filter(e -> id.toString().equals(e.path("execution_id").asText())
                && type.equals(e.path("type").asText())).toList();
    }

    private static JsonNode only(List<JsonNode> events, ExecutionId id, String type) {
        List<JsonNode> found = all(events, id, type);
        assertEquals(1, found.size(), type + " events of " + id);
        return found.get(0);
    }

    private static void assertHas(List<JsonNode> events, ExecutionId id, String... types) {
        for (String type : types) {
            assertFalse(all(events, id, type).isEmpty(), "no " + type + " event for " + id);
        }
    }
}
