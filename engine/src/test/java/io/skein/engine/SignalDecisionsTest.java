package io.skein.engine;

import static io.skein.engine.Givens.byName;
import static io.skein.engine.Givens.fresh;
import static io.skein.engine.Givens.idOf;
import static io.skein.engine.Givens.single;
import static io.skein.engine.Givens.wildcard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CountKind;
import io.skein.core.api.DeliverApprovalSignalArgs;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.SeedWaitpointHmacSecretResult;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.WaitpointHmacRotation;
import io.skein.core.api.WaitpointHmacRotationEntry;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.state.PublicState;
import io.skein.engine.state.StoredSignal;
import io.skein.engine.state.Waitpoint;
import io.skein.engine.state.memory.InMemoryEngineState.LoggedEvent;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Signal delivery's decisions (authenticate before revealing state, idempotency, limits, the effects of each
 * condition kind), the operator approval path, and the waitpoint keystore's seed and rotation (spec 04 §1.3–§1.4,
 * §2.2, §2.4).
 */
class SignalDecisionsTest {

    private static final String SECRET_2 = "22".repeat(32);
    private static final String SECRET_3 = "33".repeat(32);

    private final EngineRule engine = new EngineRule();
    private final Givens given = new Givens(engine);

    // ------------------------------------------------------------------------------------------ tokens

    @Test
    void aGoodTokenDeliversAndRecordsTheSignalOnItsWaitpoint() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:x", byName("go"));
        WaitpointId wp = s.details().waitpointId();

        var noise = given.signal(id, wp, s.details().waitpointToken(), "noise").payload("{\"n\":1}".getBytes())
                .accepted(SignalEffect.NO_OP);

        StoredSignal stored = engine.state.suspensions().signal(id, noise.signalId().uuid()).orElseThrow();
        assertEquals("noise", stored.signalName);
        assertEquals("json", stored.payloadEncoding);
        assertEquals("waitpoint", stored.targetScope);
        assertEquals("no_op", stored.observedEffect);
        assertEquals(engine.now, stored.acceptedAtMs);
        assertFalse(stored.matched);
        assertEquals(s.details().suspensionId().uuid(), stored.suspensionId);
        Waitpoint w = given.waitpoint(wp);
        assertEquals(1, w.signalCount);
        assertEquals(0, w.matchedSignalCount);
        assertEquals(engine.now, w.lastSignalAtMs);
        assertEquals(new LoggedEvent("signal", id, "no_op", null), engine.history(id).get(2));
    }

    @Test
    void aWrongTokenOrAnUnknownWaitpointIsInvalidTokenAndWritesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:1"),
                fresh("wpk:2")), single("wpk:1", wildcard())));
        WaitpointId w1 = s.details().waitpointId();
        String t1 = s.details().waitpointToken();
        WaitpointId w2 = s.details().additionalWaitpoints().get(0).waitpointId();
        String digest = t1.substring(t1.indexOf(':') + 1);
        String altered = "k1:" + (digest.charAt(0) == 'f' ? 'e' : 'f') + digest.substring(1);
        String unknownKid = "k0:" + digest;
        Handle other = given.claimed();
        PendingWaitpoint foreign = given.pending(other, "wpk:f", Duration.ofMinutes(1));

        for (var call : List.of(given.signal(id, w1, altered, "x"), given.signal(id, w1, unknownKid, "x"),
                given.signal(id, WaitpointId.random(), t1, "x"), given.signal(id, w2, t1, "x"),
                given.signal(id, w1, "abc", "x"),
                given.signal(id, foreign.waitpointId(), foreign.hmacToken(), "x"))) {
            EngineError.Validation error = engine.rejected(call.command(), EngineError.Validation.class);
            assertEquals(ValidationKind.INVALID_TOKEN, error.kind());
            assertEquals("invalid_token", error.detail(), "the same answer whatever is wrong: nothing to probe");
        }
        EngineError.Validation empty = engine.rejected(given.signal(id, w1, "", "x").command(),
                EngineError.Validation.class);
        assertEquals("missing_token", empty.detail());
        assertEquals(0, given.waitpoint(w1).signalCount);
        assertTrue(engine.state.suspensions().signalsOf(id, w1.uuid()).isEmpty());
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState());
    }

    @Test
    void anUnknownExecutionIsNotFoundAndAnOversizedPayloadIsPayloadTooLarge() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:x", wildcard());
        WaitpointId wp = s.details().waitpointId();

        EngineError.NotFound missing = engine.rejected(given.signal(ExecutionId.of(0, UUID.randomUUID()), wp,
                s.details().waitpointToken(), "go").command(), EngineError.NotFound.class);
        EngineError.Validation big = engine.rejected(given.signal(id, wp, s.details().waitpointToken(), "go")
                .payload(new byte[65_537]).command(), EngineError.Validation.class);

        assertEquals("execution", missing.entity());
        assertEquals(ValidationKind.PAYLOAD_TOO_LARGE, big.kind());
        given.signal(id, wp, s.details().waitpointToken(), "go").payload(new byte[65_536])
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
    }

    @Test
    void malformedDeliveryArgumentsAreInvalidInputAndWriteNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:x", wildcard());
        WaitpointId wp = s.details().waitpointId();
        String token = s.details().waitpointToken();
        List<DeliverSignalArgs> bad = List.of(
                delivery(id, wp, "", "waitpoint", null, token),
                delivery(id, wp, "go", "everywhere", null, token),
                delivery(id, wp, "go", "waitpoint", -1L, token),
                delivery(id, null, "go", "waitpoint", null, token),
                delivery(id, wp, "n".repeat(257), "waitpoint", null, token));

        for (DeliverSignalArgs args : bad) {
            EngineError.Validation error = engine.rejected(new EngineCommand.DeliverSignal(args),
                    EngineError.Validation.class);
            assertEquals(ValidationKind.INVALID_INPUT, error.kind(), error.detail());
        }
        assertEquals(0, given.waitpoint(wp).signalCount);
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState());
    }

    @Test
    void aTerminalExecutionAClosedWaitpointOrAnExpiredPendingOneIsNotSignalable() {
        Handle done = given.claimed();
        PendingWaitpoint ofDone = given.pending(done, "wpk:t", Duration.ofMinutes(1));
        engine.when(new EngineCommand.Complete(done, null));
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint shortLived = given.pending(handle, "wpk:s", Duration.ofMillis(10));
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:x", wildcard());
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        engine.advance(10);

        for (var call : List.of(given.signal(idOf(done), ofDone.waitpointId(), ofDone.hmacToken(), "go"),
                given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go"),
                given.signal(id, shortLived.waitpointId(), shortLived.hmacToken(), "go"))) {
            EngineError.State error = engine.rejected(call.command(), EngineError.State.class);
            assertEquals(StateKind.TARGET_NOT_SIGNALABLE, error.kind());
        }
        assertEquals(1, given.waitpoint(s.details().waitpointId()).signalCount);
        assertEquals(0, given.waitpoint(shortLived.waitpointId()).signalCount);
    }

    @Test
    void aTokenOfARetiredKidVerifiesWithinItsGraceAndIsExpiredAfter() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint old = given.pending(handle, "wpk:old", Duration.ofHours(1));
        PendingWaitpoint second = given.pending(handle, "wpk:old2", Duration.ofHours(1));
        rotate("k2", SECRET_2, 60_000);

        given.signal(id, old.waitpointId(), old.hmacToken(), "x").accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        engine.advance(60_000);
        given.signal(id, old.waitpointId(), old.hmacToken(), "x").accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        engine.advance(1);
        EngineError.Validation expired = engine.rejected(given.signal(id, second.waitpointId(), second.hmacToken(),
                "x").command(), EngineError.Validation.class);

        assertEquals(ValidationKind.INVALID_TOKEN, expired.kind());
        assertEquals("token_expired", expired.detail());
        assertEquals(0, given.waitpoint(second.waitpointId()).signalCount);
    }

    // ------------------------------------------------------------------------------------------ idempotency, limits

    @Test
    void aRepeatedSignalIdOrIdempotencyKeyIsADuplicateAndWritesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:x", byName("go"));
        WaitpointId wp = s.details().waitpointId();
        String token = s.details().waitpointToken();
        SignalId sid = SignalId.random();

        var first = given.signal(id, wp, token, "noise").idempotencyKey("k1", null).accepted(SignalEffect.NO_OP);
        DeliverSignalResult sameKey = given.signal(id, wp, token, "noise").idempotencyKey("k1", null).deliver();
        given.signal(id, wp, token, "noise").signalId(sid).accepted(SignalEffect.NO_OP);
        DeliverSignalResult sameId = given.signal(id, wp, token, "go").signalId(sid).deliver();

        assertEquals(new DeliverSignalResult.Duplicate(first.signalId()), sameKey);
        assertEquals(new DeliverSignalResult.Duplicate(sid), sameId);
        assertEquals(2, given.waitpoint(wp).signalCount, "each counted once");
        assertEquals(2, engine.history(id).stream().filter(e -> e.table().equals("signal")).count(),
                "a duplicate writes no event");
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState(),
                "the duplicate named go was not evaluated");
    }

    @Test
    void anIdempotencyKeyIsForgottenAfterItsTtlAndNotKeptWithoutOne() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:x", byName("go"));
        WaitpointId wp = s.details().waitpointId();
        String token = s.details().waitpointToken();

        given.signal(id, wp, token, "noise").idempotencyKey("short", 1_000L).accepted(SignalEffect.NO_OP);
        engine.advance(999);
        DeliverSignalResult inside = given.signal(id, wp, token, "noise").idempotencyKey("short", 1_000L).deliver();
        engine.advance(1);
        given.signal(id, wp, token, "noise").idempotencyKey("short", 1_000L).accepted(SignalEffect.NO_OP);
        given.signal(id, wp, token, "noise").idempotencyKey("untracked", 0L).accepted(SignalEffect.NO_OP);
        given.signal(id, wp, token, "noise").idempotencyKey("untracked", 0L).accepted(SignalEffect.NO_OP);

        assertTrue(inside instanceof DeliverSignalResult.Duplicate, "inside its TTL: " + inside);
        assertEquals(4, given.waitpoint(wp).signalCount);
    }

    @Test
    void theSignalLimitOfAnExecutionRefusesOneMoreAndWritesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint a = given.pending(handle, "wpk:a", Duration.ofMinutes(1));
        PendingWaitpoint b = given.pending(handle, "wpk:b", Duration.ofMinutes(1));
        given.signal(id, a.waitpointId(), a.hmacToken(), "x").maxSignals(2)
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        given.signal(id, b.waitpointId(), b.hmacToken(), "x").maxSignals(2)
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);

        EngineError.Validation error = engine.rejected(given.signal(id, a.waitpointId(), a.hmacToken(), "x")
                .maxSignals(2).command(), EngineError.Validation.class);

        assertEquals(ValidationKind.SIGNAL_LIMIT_EXCEEDED, error.kind(), "the limit counts every waitpoint");
        assertEquals(1, given.waitpoint(a.waitpointId()).signalCount);
        given.signal(id, a.waitpointId(), a.hmacToken(), "x").maxSignals(3)
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
    }

    @Test
    void aWaitpointKeepsItsNewestNonSatisfierSignalsUpToTheMaxlenAndEverySatisfier() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:a")),
                new ResumeCondition.Count(2, CountKind.DISTINCT_SIGNALS, byName("vote"),
                        List.of(WaitpointKey.of("wpk:a")))));
        WaitpointId wp = s.details().waitpointId();
        String token = s.details().waitpointToken();
        var vote = given.signal(id, wp, token, "vote").maxlen(2).accepted(SignalEffect.APPENDED_TO_WAITPOINT);
        var n1 = given.signal(id, wp, token, "n1").maxlen(2).accepted(SignalEffect.SIGNAL_IGNORED_MATCHER_FAILED);
        engine.advance(1);
        var n2 = given.signal(id, wp, token, "n2").maxlen(2).accepted(SignalEffect.SIGNAL_IGNORED_MATCHER_FAILED);
        engine.advance(1);
        var n3 = given.signal(id, wp, token, "n3").maxlen(2).accepted(SignalEffect.SIGNAL_IGNORED_MATCHER_FAILED);

        List<SignalId> kept = engine.state.suspensions().signalsOf(id, wp.uuid()).stream()
                .map(x -> new SignalId(x.signalId)).toList();

        assertEquals(List.of(vote.signalId(), n2.signalId(), n3.signalId()), kept);
        assertFalse(kept.contains(n1.signalId()), "the oldest non-satisfier went");
        assertEquals(4, given.waitpoint(wp).signalCount, "the count keeps every delivery");
    }

    // ------------------------------------------------------------------------------------------ conditions

    @Test
    void allOfNeedsEveryMemberAndASatisfiedMemberStaysSatisfied() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:a"),
                fresh("wpk:b")), new ResumeCondition.AllOf(List.of(single("wpk:a", wildcard()),
                single("wpk:b", wildcard())))));
        var b = s.details().additionalWaitpoints().get(0);

        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "x")
                .accepted(SignalEffect.APPENDED_TO_WAITPOINT);
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "x")
                .accepted(SignalEffect.APPENDED_TO_WAITPOINT_DUPLICATE);
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState());
        given.signal(id, b.waitpointId(), b.waitpointToken(), "y").accepted(SignalEffect.RESUME_CONDITION_SATISFIED);

        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
        assertEquals(2, given.waitpoint(s.details().waitpointId()).matchedSignalCount);
    }

    @Test
    void countOfDistinctWaitpointsCountsEachWaitpointOnce() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:a"),
                fresh("wpk:b"), fresh("wpk:c")), new ResumeCondition.Count(2, CountKind.DISTINCT_WAITPOINTS, null,
                List.of(WaitpointKey.of("wpk:a"), WaitpointKey.of("wpk:b"), WaitpointKey.of("wpk:c")))));
        var c = s.details().additionalWaitpoints().get(1);

        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "x")
                .accepted(SignalEffect.APPENDED_TO_WAITPOINT);
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "y").source("s2")
                .accepted(SignalEffect.APPENDED_TO_WAITPOINT_DUPLICATE);
        given.signal(id, c.waitpointId(), c.waitpointToken(), "x").accepted(SignalEffect.RESUME_CONDITION_SATISFIED);

        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
        assertEquals("resumed", given.waitpoint(s.details().additionalWaitpoints().get(0).waitpointId()).closeReason,
                "the waitpoint no signal reached closes too");
    }

    @Test
    void countOfDistinctSourcesWithIgnoredSignalsOnTheSide() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        ResumeCondition condition = new ResumeCondition.AllOf(List.of(
                new ResumeCondition.Count(2, CountKind.DISTINCT_SOURCES, null, List.of(WaitpointKey.of("wpk:a"))),
                single("wpk:named", byName("wanted"))));
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:a"),
                fresh("wpk:named"), fresh("wpk:extra")), condition));
        WaitpointId a = s.details().waitpointId();
        String ta = s.details().waitpointToken();
        var named = s.details().additionalWaitpoints().get(0);
        var extra = s.details().additionalWaitpoints().get(1);

        given.signal(id, a, ta, "x").source("s1").accepted(SignalEffect.APPENDED_TO_WAITPOINT);
        given.signal(id, a, ta, "x").source("s1").accepted(SignalEffect.APPENDED_TO_WAITPOINT_DUPLICATE);
        given.signal(id, extra.waitpointId(), extra.waitpointToken(), "x")
                .accepted(SignalEffect.SIGNAL_IGNORED_NOT_IN_CONDITION);
        given.signal(id, named.waitpointId(), named.waitpointToken(), "unwanted")
                .accepted(SignalEffect.SIGNAL_IGNORED_MATCHER_FAILED);
        given.signal(id, a, ta, "x").source("s2").accepted(SignalEffect.APPENDED_TO_WAITPOINT);
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState());
        given.signal(id, named.waitpointId(), named.waitpointToken(), "wanted")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);

        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
        assertEquals("resumed", given.waitpoint(extra.waitpointId()).closeReason, "every waitpoint closes (D8)");
    }

    @Test
    void countOfDistinctSignalsCountsEveryMatchingSignal() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:a")),
                new ResumeCondition.Count(2, CountKind.DISTINCT_SIGNALS, null, List.of(WaitpointKey.of("wpk:a")))));

        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "x")
                .accepted(SignalEffect.APPENDED_TO_WAITPOINT);
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "x")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);

        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
    }

    // ------------------------------------------------------------------------------------------ approval signals

    @Test
    void anApprovalSignalUsesTheStoredTokenAsTheOperator() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:appr", byName("approved"));
        WaitpointId wp = s.details().waitpointId();

        DeliverSignalResult rejected = approval(id, Givens.LANE, wp, "rejected", "r1");
        DeliverSignalResult repeated = approval(id, Givens.LANE, wp, "rejected", "r1");
        EngineError.Validation lane = engine.rejected(new EngineCommand.DeliverApprovalSignal(
                new DeliverApprovalSignalArgs(id, LaneId.of("other"), wp, "approved", "a1", 60_000, null, null)),
                EngineError.Validation.class);
        EngineError.NotFound missing = engine.rejected(new EngineCommand.DeliverApprovalSignal(
                new DeliverApprovalSignalArgs(id, Givens.LANE, WaitpointId.random(), "approved", "a1", 60_000, null,
                        null)), EngineError.NotFound.class);
        DeliverSignalResult approved = approval(id, Givens.LANE, wp, "approved", "a1");

        DeliverSignalResult.Accepted r = (DeliverSignalResult.Accepted) rejected;
        assertEquals(SignalEffect.NO_OP, r.effect());
        assertEquals(new DeliverSignalResult.Duplicate(r.signalId()), repeated);
        StoredSignal stored = engine.state.suspensions().signal(id, r.signalId().uuid()).orElseThrow();
        assertEquals("approval", stored.signalCategory);
        assertEquals("operator", stored.sourceType);
        assertEquals("approval:rejected:r1", stored.idempotencyKey);
        assertEquals("lane_mismatch", lane.detail());
        assertEquals("waitpoint", missing.entity());
        assertEquals(SignalEffect.RESUME_CONDITION_SATISFIED, ((DeliverSignalResult.Accepted) approved).effect());
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
    }

    // ------------------------------------------------------------------------------------------ keystore

    @Test
    void seedingInstallsTheFirstKidOnceAndRefusesAnother() {
        given.emptyKeystore();
        String secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

        Object seeded = engine.when(new EngineCommand.SeedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("k1",
                secret)));
        Object same = engine.when(new EngineCommand.SeedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("k1",
                secret)));
        Object otherSecret = engine.when(new EngineCommand.SeedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(
                "k1", SECRET_2)));
        EngineError.Validation otherKid = engine.rejected(new EngineCommand.SeedWaitpointHmacSecret(
                new SeedWaitpointHmacSecretArgs("k9", SECRET_2)), EngineError.Validation.class);

        assertEquals(new SeedWaitpointHmacSecretResult.Seeded("k1"), seeded);
        assertEquals(new SeedWaitpointHmacSecretResult.AlreadySeeded("k1", true), same);
        assertEquals(new SeedWaitpointHmacSecretResult.AlreadySeeded("k1", false), otherSecret);
        assertEquals(ValidationKind.INVALID_INPUT, otherKid.kind());
        assertEquals("k1", engine.state.keystore().load().currentKid());
        assertTrue(engine.state.keystore().load().retired().isEmpty());
        Handle handle = given.claimed();
        PendingWaitpoint w = given.pending(handle, "wpk:s", Duration.ofHours(1));
        assertTrue(w.hmacToken().startsWith("k1:"));
        given.signal(idOf(handle), w.waitpointId(), w.hmacToken(), "x")
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
    }

    @Test
    void rotationSignsNewTokensWithTheNewKidAndCollectsKidsPastTheirGrace() {
        Handle handle = given.claimed();

        assertEquals(new WaitpointHmacRotation.Rotated("k1", "k2", 0), rotate("k2", SECRET_2, 60_000));
        PendingWaitpoint fresh = given.pending(handle, "wpk:new", Duration.ofHours(1));
        assertTrue(fresh.hmacToken().startsWith("k2:"), "new waitpoints carry the new kid");
        assertEquals(engine.now + 60_000, engine.state.keystore().load().find("k1").orElseThrow().expiresAtMs());
        assertEquals(new WaitpointHmacRotation.Noop("k2"), rotate("k2", SECRET_2, 60_000));
        EngineError.Conflict conflict = engine.rejected(new EngineCommand.RotateWaitpointHmacSecretAll(
                new RotateWaitpointHmacSecretAllArgs("k2", SECRET_3, 60_000)), EngineError.Conflict.class);
        assertEquals(ConflictKind.ROTATION_CONFLICT, conflict.kind());
        assertEquals("k2", engine.state.keystore().load().currentKid());
        engine.advance(60_000);
        assertEquals(new WaitpointHmacRotation.Rotated("k2", "k3", 0), rotate("k3", SECRET_3, 60_000),
                "k1 is still inside its grace");
        engine.advance(1);

        assertEquals(new WaitpointHmacRotation.Rotated("k3", "k4", 1), rotate("k4", SECRET_2, 0));
        assertTrue(engine.state.keystore().load().find("k1").isEmpty(), "collected");
        given.signal(idOf(handle), fresh.waitpointId(), fresh.hmacToken(), "x")
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
    }

    // ------------------------------------------------------------------------------------------ givens

    private WaitpointHmacRotation rotate(String kid, String secretHex, long graceMs) {
        RotateWaitpointHmacSecretAllResult r = (RotateWaitpointHmacSecretAllResult) engine.when(
                new EngineCommand.RotateWaitpointHmacSecretAll(new RotateWaitpointHmacSecretAllArgs(kid, secretHex,
                        graceMs)));
        assertEquals(1, r.entries().size(), "one global keystore");
        WaitpointHmacRotationEntry entry = r.entries().get(0);
        assertEquals(0, entry.partition());
        return entry.result();
    }

    private DeliverSignalArgs delivery(ExecutionId id, WaitpointId wp, String name, String targetScope,
                                       Long dedupTtlMs, String token) {
        return new DeliverSignalArgs(id, wp, SignalId.random(), name, "custom", "external", "source-1", null, null,
                null, null, targetScope, engine.now, dedupTtlMs, null, null, null, token, engine.now);
    }

    private DeliverSignalResult approval(ExecutionId id, LaneId lane, WaitpointId wp, String name, String suffix) {
        return (DeliverSignalResult) engine.when(new EngineCommand.DeliverApprovalSignal(new DeliverApprovalSignalArgs(
                id, lane, wp, name, suffix, 60_000, null, null)));
    }
}
