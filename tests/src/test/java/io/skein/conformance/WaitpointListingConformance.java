package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.ListPendingWaitpointsArgs;
import io.skein.core.api.ListPendingWaitpointsPage;
import io.skein.core.api.PendingWaitpointInfo;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.WaitpointState;
import io.skein.core.error.EngineError;
import io.skein.core.hmac.WaitpointToken;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checklist H1–H7: listing pending waitpoints and reading tokens (seed 000, {@code sq:wave9_waitpoints}). */
class WaitpointListingConformance extends SignalConformance {

    /** Claims an execution on partition 0 after staging the seed's legacy literals on its row. */
    Claimed seedStyleClaim() {
        ExecutionId id = idOnPartition(0);
        backend.createExecution(createArgs(id));
        // given (raw, as the seed does): legacy runnable literals the claim path must read.
        fx.exec("UPDATE ff_exec_core SET lifecycle_phase = 'runnable', public_state = 'pending', "
                + "attempt_state = 'initial' WHERE partition_key = 0 AND execution_id = ?", id.uuid());
        return new Claimed(id, claimed());
    }

    /** Suspends on {@code n} Fresh bindings {@code wpk:0..n-1} under {@code Single{wpk:0, Wildcard}}. */
    List<WaitpointId> suspendOn(Claimed c, int n) {
        List<WaitpointBinding.Fresh> bindings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bindings.add(fresh("wpk:" + i));
        }
        SuspendOutcome r = backend.suspend(c.handle(), suspendArgs(bindings, single("wpk:0", wildcard())));
        assertInstanceOf(SuspendOutcome.Suspended.class, r);
        return bindings.stream().map(WaitpointBinding.Fresh::waitpointId).toList();
    }

    ListPendingWaitpointsPage list(ExecutionId id, WaitpointId after, Integer limit) {
        return backend.listPendingWaitpoints(new ListPendingWaitpointsArgs(id, after, limit));
    }

    @Test
    void h1_claimedButNeverSuspendedListsNothing() {
        Claimed c = seedStyleClaim();

        ListPendingWaitpointsPage page = list(c.id(), null, null);

        assertTrue(page.entries().isEmpty());
        assertNull(page.nextCursor());
    }

    @Test
    void h2_listingAfterSuspendShowsEveryWaitpointWithKidAndFingerprint() {
        Claimed c = seedStyleClaim();
        List<WaitpointId> seeded = suspendOn(c, 3);

        ListPendingWaitpointsPage page = list(c.id(), null, null);

        assertEquals(3, page.entries().size());
        assertNull(page.nextCursor());
        for (PendingWaitpointInfo entry : page.entries()) {
            assertEquals(c.id(), entry.executionId());
            assertEquals(WaitpointState.ACTIVE, entry.state(), "suspend lands state active");
            assertFalse(entry.waitpointKey().value().isEmpty());
            assertNotNull(entry.activatedAt());
            assertEquals(KID, entry.tokenKid());
            assertEquals(16, entry.tokenFingerprint().length(), "fingerprint is 16 hex chars");
            assertTrue(entry.tokenFingerprint().matches("[0-9a-f]{16}"));
            String token = backend.readWaitpointToken(PartitionKey.flow(0), entry.waitpointId()).orElseThrow();
            assertEquals(WaitpointToken.fingerprint(token), entry.tokenFingerprint(), "fingerprint of the stored token");
        }
        Set<WaitpointId> returned = new HashSet<>();
        page.entries().forEach(e -> returned.add(e.waitpointId()));
        assertEquals(new HashSet<>(seeded), returned, "every seeded waitpoint is listed");
    }

    @Test
    void h3_listingPagesThroughFiveWaitpointsTwoAtATime() {
        Claimed c = seedStyleClaim();
        suspendOn(c, 5);

        ListPendingWaitpointsPage page1 = list(c.id(), null, 2);
        assertEquals(2, page1.entries().size());
        assertNotNull(page1.nextCursor(), "more rows remain");
        ListPendingWaitpointsPage page2 = list(c.id(), page1.nextCursor(), 2);
        assertEquals(2, page2.entries().size());
        assertNotNull(page2.nextCursor(), "one more row remains");
        ListPendingWaitpointsPage page3 = list(c.id(), page2.nextCursor(), 2);
        assertEquals(1, page3.entries().size());
        assertNull(page3.nextCursor());

        List<WaitpointId> all = new ArrayList<>();
        for (ListPendingWaitpointsPage p : List.of(page1, page2, page3)) {
            p.entries().forEach(e -> all.add(e.waitpointId()));
        }
        assertEquals(5, new HashSet<>(all).size(), "5 distinct waitpoints across 3 pages");
        List<WaitpointId> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all, "ordered by waitpoint id");
    }

    @Test
    void h4_listingAMissingExecutionIsNotFound() {
        EngineError.NotFound err = expectRejectedUnchanged(EngineError.NotFound.class,
                () -> list(idOnPartition(0), null, null));
        assertEquals("execution", err.entity());
    }

    @Test
    void h5_closedWaitpointsAreHidden() {
        Claimed c = seedStyleClaim();
        List<WaitpointId> seeded = suspendOn(c, 2);
        // given (raw): one waitpoint closed, as a satisfied or expired row would be.
        fx.exec("UPDATE ff_waitpoint_pending SET state = 'closed' WHERE waitpoint_id = ?", seeded.get(0).uuid());

        ListPendingWaitpointsPage page = list(c.id(), null, null);

        assertEquals(1, page.entries().size(), "closed row filtered");
        assertNotEquals(seeded.get(0), page.entries().get(0).waitpointId());
    }

    @Test
    void h6_readingATokenReturnsItOrEmptyForAnUnknownWaitpoint() {
        Claimed c = seedStyleClaim();
        WaitpointId wp = suspendOn(c, 1).get(0);

        Optional<String> token = backend.readWaitpointToken(PartitionKey.flow(0), wp);
        Optional<String> missing = backend.readWaitpointToken(PartitionKey.flow(0), WaitpointId.random());

        assertTrue(token.orElseThrow().contains(":"), "stored token is kid-prefixed");
        assertTrue(token.get().startsWith(KID + ":"));
        assertTrue(missing.isEmpty(), "a waitpoint never written reads back empty");
    }

    @Test
    void h7_requiredSignalNamesFollowTheCondition() {
        // ByName("ready") on wpk:lookup
        Claimed c = claimedSolo();
        backend.suspend(c.handle(), suspendArgs(List.of(fresh("wpk:lookup")), single("wpk:lookup", byName("ready"))));
        List<PendingWaitpointInfo> entries = list(c.id(), null, null).entries();
        assertEquals(1, entries.size());
        PendingWaitpointInfo e = entries.get(0);
        assertEquals(WaitpointKey.of("wpk:lookup"), e.waitpointKey());
        assertEquals(WaitpointState.ACTIVE, e.state());
        assertEquals(List.of("ready"), e.requiredSignalNames());
        assertEquals(clock.millis(), e.createdAt());
        assertEquals(Long.valueOf(clock.millis()), e.activatedAt());
        assertNull(e.expiresAt());
        assertEquals(KID, e.tokenKid());
        assertEquals(16, e.tokenFingerprint().length());

        // Wildcard → []
        Claimed w = claimedSolo();
        backend.suspend(w.handle(), suspendArgs(List.of(fresh("wpk:any")), single("wpk:any", wildcard())));
        assertEquals(List.of(), list(w.id(), null, null).entries().get(0).requiredSignalNames());

        // AllOf of sig-a / sig-b leaves → one name per waitpoint
        Claimed a = claimedSolo();
        backend.suspend(a.handle(), suspendArgs(List.of(fresh("wpk:a"), fresh("wpk:b")), new ResumeCondition.AllOf(
                List.of(single("wpk:a", byName("sig-a")), single("wpk:b", byName("sig-b"))))));
        for (PendingWaitpointInfo info : list(a.id(), null, null).entries()) {
            assertEquals(info.waitpointKey().value().equals("wpk:a") ? List.of("sig-a") : List.of("sig-b"),
                    info.requiredSignalNames());
        }

        // OperatorOnly → the marker
        Claimed o = claimedSolo();
        backend.suspend(o.handle(), suspendArgs(List.of(fresh("wpk:op")), new ResumeCondition.OperatorOnly()));
        assertEquals(List.of("__operator_only__"), list(o.id(), null, null).entries().get(0).requiredSignalNames());
    }
}
