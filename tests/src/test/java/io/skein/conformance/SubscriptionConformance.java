package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.BackendTag;
import io.skein.core.api.CancelSource;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.CompletionOutcome;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.api.worker.LeaseHistoryEvent;
import io.skein.core.api.worker.SignalDeliveryEffect;
import io.skein.core.api.worker.SignalDeliveryEvent;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.Namespace;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Spec 02 §11 event subscriptions on every backend: events arrive in commit order with the backend's cursor, a
 * subscriber closed mid-stream resumes from the cursor it stored without losing an event (at-least-once), a cursor of
 * another backend or a malformed one is {@code InvalidInput}, and a namespace filter narrows the stream. Kafka mode
 * shares one topic between tests, so a test only looks at the executions it made.
 */
class SubscriptionConformance extends SignalConformance {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Polls {@code subscription} until {@code n} events about {@code mine} arrived; fails after {@link #WAIT}. */
    static <E> List<E> take(EventSubscription<E> subscription, int n, Function<E, ExecutionId> executionOf,
                            Set<ExecutionId> mine) {
        List<E> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < n) {
            long remaining = deadline - System.nanoTime();
            assertTrue(remaining > 0, "only " + out.size() + " of " + n + " events arrived: " + out);
            Optional<E> next = subscription.poll(Duration.ofNanos(Math.min(remaining, Duration.ofSeconds(1).toNanos())));
            next.filter(e -> mine.contains(executionOf.apply(e))).ifPresent(out::add);
        }
        return out;
    }

    /** The tag byte this backend's cursors start with. */
    private byte ownTag() {
        return switch (backend.backendLabel()) {
            case "sqlite" -> BackendTag.SQLITE.tag();
            case "postgres" -> BackendTag.POSTGRES.tag();
            default -> BackendTag.KAFKA.tag();
        };
    }

    private void assertOwnCursor(EventCursor cursor) {
        assertTrue(cursor.bytes().length > 1, "a delivered event carries a cursor");
        assertEquals(ownTag(), cursor.bytes()[0], "the cursor names this backend");
    }

    /**
     * Direct mode delivers in commit order; Kafka mode in each partition's order, and {@code ff.events} is keyed by
     * execution (spec 07), so there the order holds per execution.
     */
    private void assertInCommitOrder(List<ExecutionId> committed, List<ExecutionId> delivered) {
        if (!backend.backendLabel().equals("kafka")) {
            assertEquals(committed, delivered, "commit order");
            return;
        }
        assertEquals(committed.stream().sorted().toList(), delivered.stream().sorted().toList(), "the same events");
        for (ExecutionId id : new HashSet<>(committed)) {
            assertEquals(committed.stream().filter(id::equals).count(), delivered.stream().filter(id::equals).count());
        }
    }

    /** The events grouped by execution in {@code order}, each execution's events in delivery order. */
    private static <E> List<E> byExecution(List<E> events, Function<E, ExecutionId> executionOf,
                                           List<ExecutionId> order) {
        return order.stream().flatMap(id -> events.stream().filter(e -> executionOf.apply(e).equals(id))).toList();
    }

    private ExecutionId createdIn(Namespace namespace) {
        ExecutionId id = soloId();
        CreateExecutionArgs defaults = createArgs(id);
        backend.createExecution(new CreateExecutionArgs(id, namespace, defaults.laneId(), defaults.executionKind(),
                defaults.inputPayload(), defaults.payloadEncoding(), defaults.priority(), defaults.creatorIdentity(), null,
                Map.of(), null, null, null, id.partition(), clock.millis()));
        return id;
    }

    private ExecutionId completedOne() {
        ExecutionId id = created();
        backend.complete(claimed(), "ok".getBytes());
        return id;
    }

    @Test
    void leaseAndCompletionEventsArriveInCommitOrderWithThisBackendsCursor() {
        try (EventSubscription<LeaseHistoryEvent> leases = backend.subscribeLeaseHistory(EventCursor.FROM_NOW, null);
             EventSubscription<CompletionEvent> completions = backend.subscribeCompletion(EventCursor.FROM_NOW,
                     ScannerFilter.ALL)) {
            // given three executions: one completes, one fails for good, one is cancelled by the operator
            ExecutionId done = completedOne();
            ExecutionId failed = created();
            backend.fail(claimed(), FailureReason.of("boom"), FailureClass.PERMANENT);
            ExecutionId cancelled = created();
            claimed();
            backend.cancelExecution(new CancelExecutionArgs(cancelled, "stop", CancelSource.OPERATOR_OVERRIDE, null,
                    null, null, clock.millis()));
            // and one whose lease the operator revokes
            ExecutionId revoked = created();
            claimed();
            backend.revokeLease(new RevokeLeaseArgs(revoked, null, "", null));
            Set<ExecutionId> mine = Set.of(done, failed, cancelled, revoked);

            // then the lease history shows each claim, then the revocation, in commit order
            List<LeaseHistoryEvent> history = take(leases, 5, LeaseHistoryEvent::executionId, mine);
            assertInCommitOrder(List.of(done, failed, cancelled, revoked, revoked),
                    history.stream().map(LeaseHistoryEvent::executionId).toList());
            assertEquals(List.of("Acquired", "Acquired", "Acquired", "Acquired", "Revoked"),
                    byExecution(history, LeaseHistoryEvent::executionId, List.of(done, failed, cancelled, revoked))
                            .stream().map(e -> e.getClass().getSimpleName()).toList(), history.toString());
            history.forEach(e -> assertOwnCursor(e.cursor()));
            assertEquals(history.size(), new HashSet<>(history.stream().map(LeaseHistoryEvent::cursor).toList()).size(),
                    "every event has its own cursor");

            // and the completions say how each one ended, in commit order
            List<CompletionEvent> ended = take(completions, 3, CompletionEvent::executionId, mine);
            assertInCommitOrder(List.of(done, failed, cancelled),
                    ended.stream().map(CompletionEvent::executionId).toList());
            assertEquals(List.of(new CompletionOutcome.Success(), new CompletionOutcome.Failure(),
                    new CompletionOutcome.Cancelled()),
                    byExecution(ended, CompletionEvent::executionId, List.of(done, failed, cancelled)).stream()
                            .map(CompletionEvent::outcome).toList());
            ended.forEach(e -> assertOwnCursor(e.cursor()));
        }
    }

    @Test
    void aLeaseThatRunsOutIsReportedExpired() {
        try (EventSubscription<LeaseHistoryEvent> leases = backend.subscribeLeaseHistory(EventCursor.FROM_NOW, null)) {
            ExecutionId id = created();
            claimed();
            clock.advance(LEASE_TTL_MS + 1);
            under.runDue();

            List<LeaseHistoryEvent> history = take(leases, 2, LeaseHistoryEvent::executionId, Set.of(id));
            assertInstanceOf(LeaseHistoryEvent.Acquired.class, history.get(0));
            assertInstanceOf(LeaseHistoryEvent.Expired.class, history.get(1));
        }
    }

    @Test
    void aSignalThatResumesASuspendedExecutionIsDelivered() {
        try (EventSubscription<SignalDeliveryEvent> signals = backend.subscribeSignalDelivery(EventCursor.FROM_NOW,
                null)) {
            Claimed c = claimedSolo();
            SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:approval", byName("approval"));
            var delivered = accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(),
                    "approval").deliver(), SignalEffect.RESUME_CONDITION_SATISFIED);

            SignalDeliveryEvent event = take(signals, 1, SignalDeliveryEvent::executionId, Set.of(c.id())).get(0);
            assertEquals(delivered.signalId(), event.signalId());
            assertEquals(new SignalDeliveryEffect.Satisfied(), event.effect());
            assertOwnCursor(event.cursor());
        }
    }

    @Test
    void aSubscriberClosedMidStreamResumesFromItsStoredCursorWithoutLosingAnEvent() {
        List<ExecutionId> order = new ArrayList<>();
        EventCursor stored;
        try (EventSubscription<CompletionEvent> first = backend.subscribeCompletion(EventCursor.FROM_NOW, null)) {
            for (int i = 0; i < 3; i++) {
                order.add(completedOne());
            }
            // the subscriber handles one event, stores its cursor, and dies with the others undelivered
            CompletionEvent handled = take(first, 1, CompletionEvent::executionId, Set.copyOf(order)).get(0);
            order.remove(handled.executionId());
            order.add(0, handled.executionId());
            stored = handled.cursor();
        }
        for (int i = 0; i < 2; i++) {
            order.add(completedOne());
        }

        try (EventSubscription<CompletionEvent> resumed = backend.subscribeCompletion(stored, null)) {
            List<ExecutionId> seen = new ArrayList<>();
            Set<ExecutionId> after = Set.copyOf(order.subList(1, order.size()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!seen.containsAll(after)) {
                assertTrue(System.nanoTime() < deadline, "after resuming only " + seen + " of " + after);
                resumed.poll(Duration.ofMillis(500)).map(CompletionEvent::executionId)
                        .filter(order::contains).ifPresent(seen::add);
            }
            // at-least-once: a repeat may come, but nothing after the stored cursor is skipped
            List<ExecutionId> firstSeen = seen.stream().distinct().filter(after::contains).toList();
            assertInCommitOrder(order.subList(1, order.size()), firstSeen);
        }
    }

    @Test
    void aCursorOfAnotherBackendOrAMalformedOneIsInvalidInput() {
        byte other = ownTag() == BackendTag.SQLITE.tag() ? BackendTag.POSTGRES.tag() : BackendTag.SQLITE.tag();
        List<byte[]> bad = List.of(
                ByteBuffer.allocate(17).put(other).putLong(3).putLong(1).array(),
                ByteBuffer.allocate(9).put(other).putLong(1).array(),
                new byte[] {(byte) 0x01, 0, 0, 0, 0, 0, 0, 0, 1},
                new byte[] {ownTag()},
                new byte[] {ownTag(), 0, 0, 1});
        for (byte[] bytes : bad) {
            EventCursor cursor = new EventCursor(bytes);
            for (Predicate<EventCursor> subscribe : List.<Predicate<EventCursor>>of(
                    c -> open(backend.subscribeLeaseHistory(c, null)),
                    c -> open(backend.subscribeCompletion(c, null)),
                    c -> open(backend.subscribeSignalDelivery(c, null)))) {
                EngineError.Validation refused = expectError(EngineError.Validation.class, () -> subscribe.test(cursor));
                assertTrue(refused.detail().startsWith("cursor"), refused.toString());
            }
        }
    }

    private static boolean open(EventSubscription<?> subscription) {
        subscription.close();
        return true;
    }

    @Test
    void aNamespaceFilterDeliversOnlyThatNamespacesEvents() {
        Namespace other = Namespace.of("other-" + Long.toHexString(System.nanoTime()));
        try (EventSubscription<CompletionEvent> onlyOther = backend.subscribeCompletion(EventCursor.FROM_NOW,
                new ScannerFilter(other, null))) {
            ExecutionId inDefault = completedOne();
            ExecutionId inOther = createdIn(other);
            backend.complete(claimed(), null);
            ExecutionId secondInDefault = completedOne();

            List<CompletionEvent> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                onlyOther.poll(Duration.ofMillis(300)).ifPresent(seen::add);
            }
            assertEquals(List.of(inOther), seen.stream().map(CompletionEvent::executionId).toList(),
                    "only the filtered namespace's completion; not " + inDefault + " nor " + secondInDefault);
        }
    }
}
