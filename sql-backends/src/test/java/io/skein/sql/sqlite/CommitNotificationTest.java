package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.sql.stream.FrameNotifier;
import io.skein.core.api.StreamFrameId;
import io.skein.sql.stream.StreamKey;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A tail parked on the store's notifier wakes when a frame's unit commits, and sees the frame on re-read. */
class CommitNotificationTest {

    @Test
    void givenATailWaitingOnAStream_whenAFrameUnitCommits_thenTheTailWakesAndReadsTheFrame() throws Exception {
        try (SqliteDatabase db = TestStores.openMemory("tail")) {
            UUID execution = UUID.randomUUID();
            StreamKey key = new StreamKey(0, execution, 0);
            try (FrameNotifier.Subscription sub = db.frameNotifier().subscribe(key)) {
                CompletableFuture<Integer> tail = CompletableFuture.supplyAsync(() -> {
                    if (!sub.await(Duration.ofSeconds(5))) {
                        return -1;
                    }
                    return db.read(c -> {
                        try (PreparedStatement ps = c.prepareStatement(
                                "SELECT count(*) FROM ff_stream_frame WHERE execution_id = ?")) {
                            ps.setBytes(1, bytes(execution));
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                return rs.getInt(1);
                            }
                        }
                    });
                });

                appendFrame(db, key, new StreamFrameId(100, 0));

                assertEquals(1, tail.get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void givenATailWaitingOnAStream_whenTheFrameUnitRollsBack_thenTheTailIsNotWoken() {
        try (SqliteDatabase db = TestStores.openMemory("tail-rollback")) {
            StreamKey key = new StreamKey(0, UUID.randomUUID(), 0);
            try (FrameNotifier.Subscription sub = db.frameNotifier().subscribe(key)) {
                assertThrows(EngineException.class, () -> db.inWriteTransaction(unit -> {
                    unit.afterCommit(() -> db.frameNotifier().publish(key, new StreamFrameId(1, 0)));
                    throw EngineError.notFound("stream");
                }));

                assertFalse(sub.await(Duration.ofMillis(30)));
            }
        }
    }

    @Test
    void givenATailWaitingOnAStream_whenTheStoreCloses_thenTheTailIsWoken() throws Exception {
        SqliteDatabase db = TestStores.openMemory("tail-close");
        FrameNotifier.Subscription sub = db.frameNotifier().subscribe(new StreamKey(0, UUID.randomUUID(), 0));
        CompletableFuture<Boolean> tail = CompletableFuture.supplyAsync(() -> sub.await(Duration.ofSeconds(5)));
        Thread.sleep(20);

        db.close();

        assertTrue(tail.get(2, TimeUnit.SECONDS));
        sub.close();
    }

    private static void appendFrame(SqliteDatabase db, StreamKey key, StreamFrameId id) {
        db.inWriteTransaction(unit -> {
            try (PreparedStatement ps = unit.connection().prepareStatement("INSERT INTO ff_stream_frame "
                    + "(partition_key, execution_id, attempt_index, ts_ms, seq, fields, created_at_ms) "
                    + "VALUES (?, ?, ?, ?, ?, '{}', ?)")) {
                ps.setInt(1, key.partitionKey());
                ps.setBytes(2, bytes(key.executionId()));
                ps.setInt(3, key.attemptIndex());
                ps.setLong(4, id.ms());
                ps.setLong(5, id.seq());
                ps.setLong(6, id.ms());
                ps.executeUpdate();
            }
            unit.afterCommit(() -> db.frameNotifier().publish(key, id));
            return null;
        });
    }

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
