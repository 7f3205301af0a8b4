package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.id.ExecutionId;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spec 05 §3 / D7 on PostgreSQL: transactions take event ids in one order and commit in another, and a subscriber
 * reading in between must not pass over the one that commits last (a cursor of event ids alone would).
 */
class PostgresSubscriptionOrderTest {

    private PostgresOptions options;
    private PostgresBackend engine;

    @BeforeEach
    void start() {
        options = TestPostgres.freshDatabase();
        engine = PostgresBackend.open(options.withEnv(name -> null));
    }

    @AfterEach
    void stop() {
        engine.close();
        TestPostgres.drop(options);
    }

    /** Inserts a completion row for a fresh execution in {@code tx}'s open transaction and returns its id. */
    private static ExecutionId insertCompletion(Connection tx) throws SQLException {
        ExecutionId id = ExecutionId.of(7, UUID.randomUUID());
        try (PreparedStatement st = tx.prepareStatement("INSERT INTO ff_completion_event (partition_key, "
                + "execution_id, namespace, occurred_at_ms, outcome, committed_at_ms) VALUES (?, ?, 'default', 1, "
                + "'success', 1)")) {
            st.setInt(1, id.partition());
            st.setObject(2, id.uuid());
            st.executeUpdate();
        }
        return id;
    }

    private static Connection begin(PostgresOptions options, String name) throws SQLException {
        Connection c = options.connect(name);
        c.setAutoCommit(false);
        return c;
    }

    private static List<ExecutionId> drain(EventSubscription<CompletionEvent> subscription, Duration quiet) {
        List<ExecutionId> out = new ArrayList<>();
        Optional<CompletionEvent> next;
        while ((next = subscription.poll(quiet)).isPresent()) {
            out.add(next.get().executionId());
        }
        return out;
    }

    @Test
    void aTransactionThatTookAnEarlierIdButCommitsLaterIsStillDelivered() throws Exception {
        try (EventSubscription<CompletionEvent> subscriber = engine.subscribeCompletion(EventCursor.FROM_NOW, null);
             Connection late = begin(options, "late-writer");
             Connection early = begin(options, "early-writer")) {
            // given the early writer holds the older transaction id, the late one inserts the lower event id
            try (Statement st = early.createStatement()) {
                st.execute("SELECT pg_current_xact_id()");
            }
            ExecutionId lowerId = insertCompletion(late);
            ExecutionId higherId = insertCompletion(early);
            // when the transaction with the higher event id commits first and the subscriber reads it
            early.commit();
            assertEquals(List.of(higherId), drain(subscriber, Duration.ofSeconds(2)),
                    "the committed event is delivered while the other transaction is open");
            // and the one holding the lower event id commits afterwards
            late.commit();

            // then the subscriber still delivers it
            assertEquals(List.of(lowerId), drain(subscriber, Duration.ofSeconds(2)),
                    "an event id below the cursor's, committed later, is not skipped");
        }
    }

    @Test
    void rowsOfATransactionStillOpenWaitAndEverythingCommittedBehindItFollowsInCursorOrder() throws Exception {
        EventCursor stored;
        ExecutionId first;
        ExecutionId second;
        try (EventSubscription<CompletionEvent> subscriber = engine.subscribeCompletion(EventCursor.FROM_NOW, null);
             Connection open = begin(options, "open-writer");
             Connection other = begin(options, "other-writer")) {
            // given an open transaction that inserted an event, and a later one that committed
            first = insertCompletion(open);
            second = insertCompletion(other);
            other.commit();
            // then nothing passes the open transaction
            assertEquals(List.of(), drain(subscriber, Duration.ofMillis(800)));
            open.commit();
            List<CompletionEvent> both = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (both.size() < 2 && System.nanoTime() < deadline) {
                subscriber.poll(Duration.ofMillis(500)).ifPresent(both::add);
            }
            assertEquals(List.of(first, second), both.stream().map(CompletionEvent::executionId).toList());
            stored = both.get(0).cursor();
            ByteBuffer cursor = ByteBuffer.wrap(stored.bytes());
            assertEquals(0x02, cursor.get(), "a PostgreSQL cursor");
            assertTrue(cursor.getLong() > 0, "the commit xid");
            assertTrue(cursor.getLong() > 0, "the event id");
        }
        // and a subscriber resuming from the first event's cursor gets the second again
        try (EventSubscription<CompletionEvent> resumed = engine.subscribeCompletion(stored, null)) {
            assertEquals(List.of(second), drain(resumed, Duration.ofSeconds(1)));
        }
    }
}
