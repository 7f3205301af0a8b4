package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: units that wait for the writer together share one transaction, each in its own savepoint, so a
 * unit that rejects rolls back alone and every other unit still commits.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void concurrentUnitsAllCommitAndARejectedOneLeavesNoTrace() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(TestStores.options(dir.resolve("group.db")))) {
            // given 16 threads released at once, every 4th of which writes a row and then rejects
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return db.inWriteTransaction(unit -> {
                        try (PreparedStatement ps = unit.connection().prepareStatement(
                                "INSERT INTO ff_lane_registry (lane_id, registered_at_ms, registered_by) VALUES (?, 0, 'test')")) {
                            ps.setString(1, "lane-" + n);
                            ps.executeUpdate();
                        }
                        if (n % 4 == 0) {
                            throw new IllegalStateException("rejected " + n);
                        }
                        return "lane-" + n;
                    });
                }));
            }

            // when they all run
            start.countDown();

            // then each accepted unit returns its own value and each rejected one its own error
            for (int i = 0; i < threads; i++) {
                int n = i;
                if (n % 4 == 0) {
                    Exception e = assertThrows(Exception.class, () -> results.get(n).get(10, TimeUnit.SECONDS));
                    assertTrue(e.getCause().getMessage().contains("rejected " + n), e.toString());
                } else {
                    assertEquals("lane-" + n, results.get(n).get(10, TimeUnit.SECONDS));
                }
            }
            pool.shutdown();

            // and only the accepted units' rows exist
            List<String> lanes = db.read(c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT lane_id FROM ff_lane_registry ORDER BY lane_id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertEquals(12, lanes.size(), lanes.toString());
            for (int n = 0; n < threads; n += 4) {
                assertTrue(!lanes.contains("lane-" + n), "rejected unit's row leaked: lane-" + n);
            }
        }
    }
}
