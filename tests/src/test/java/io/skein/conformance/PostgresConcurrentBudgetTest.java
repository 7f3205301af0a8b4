package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.id.BudgetId;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResetBudgetResult;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.sql.engine.SqlEngineBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage of one budget under real concurrency on PostgreSQL. Every unit that writes a budget locks its row before it
 * reads anything it decides on, so no unit acts on a stale read and overwrites what another committed meanwhile:
 * <ul>
 *   <li>8 threads on their own connections report usage at once: the final usage is the exact sum of every report;
 *   <li>the reset timer's item for a budget that another unit reset (and reported on) while the item waited for the
 *       budget does not reset it again: the report made after the first reset is kept.
 * </ul>
 */
class PostgresConcurrentBudgetTest {

    private static final int THREADS = 8;
    private static final int REPORTS_PER_THREAD = 100;

    private PostgresOptions options;
    private PostgresBackend backend;

    @BeforeEach
    void start() {
        options = TestPostgres.freshDatabase().withPoolSize(THREADS + 2);
        backend = PostgresBackend.open(options);
    }

    @AfterEach
    void stop() {
        backend.close();
        TestPostgres.drop(options);
    }

    @Test
    void eightThreadsReportingUsageOnOneBudgetLoseNoIncrement() throws Exception {
        // given one budget on dimension "tokens" with no limits that could refuse a report
        BudgetId budget = BudgetId.random();
        assertEquals(new CreateBudgetResult.Created(budget), backend.createBudget(new CreateBudgetArgs(budget,
                "tenant", "acme", "strict", "fail", "warn", 0, List.of("tokens"), List.of(1_000_000L), List.of(1_000_000L), 0)));

        // when 8 threads each report 100 increments of 1..8 tokens at the same time
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long expected = 0;
        for (int t = 0; t < THREADS; t++) {
            long delta = t + 1;
            expected += delta * REPORTS_PER_THREAD;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < REPORTS_PER_THREAD; i++) {
                        ReportUsageResult r = backend.reportUsageAdmin(budget, new ReportUsageAdminArgs(
                                List.of("tokens"), List.of(delta), null, 0));
                        if (!(r instanceof ReportUsageResult.Ok)) {
                            failures.add(new AssertionError("report answered " + r));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "reporter-" + t);
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(120_000);
        }

        // then every report applied and the usage is their exact sum (3 600 tokens)
        assertEquals(List.of(), failures, "no report failed");
        assertEquals(expected, backend.getBudgetStatus(budget).usage().get("tokens"));
    }

    @Test
    void aResetTimerItemThatWaitedForAnotherResetDoesNotResetAgainAndLoseTheReportAfterIt() throws Exception {
        // given a recurring budget (every minute) whose next reset was due a minute ago
        BudgetId budget = BudgetId.random();
        long created = System.currentTimeMillis() - 120_000;
        backend.createBudget(new CreateBudgetArgs(budget, "tenant", "acme", "strict", "fail", "warn", 60_000,
                List.of("tokens"), List.of(1_000L), List.of(1_000L), created));

        // and a unit in progress that reset the budget by hand (next reset a minute from now) and then reported 5
        // tokens on it; it holds the budget until it commits
        SqlEngineBackend.OpenUnit other = backend.openUnit();
        long nextReset;
        try {
            nextReset = assertInstanceOf(ResetBudgetResult.Reset.class,
                    backend.resetBudget(new ResetBudgetArgs(budget, 0))).nextResetAt();
            assertEquals(new ReportUsageResult.Ok(), backend.reportUsageAdmin(budget,
                    new ReportUsageAdminArgs(List.of("tokens"), List.of(5L), null, 0)));

            // when the reset timer's item for the budget starts meanwhile and waits for the budget
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread timerItem = new Thread(() -> {
                try {
                    backend.resetDueBudget(new ResetDueBudgetArgs(options.partitions().budgetKey(budget), budget, 0));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "reset-timer-item");
            timerItem.start();
            awaitOneUnitWaitingForALock();
            // and the other unit commits
            other.commit();
            other = null;
            timerItem.join(10_000);
            assertFalse(timerItem.isAlive(), "the timer item finished once the budget was free");
            assertEquals(List.of(), failures, "the timer item did not fail");
        } finally {
            if (other != null) {
                other.rollback();
            }
        }

        // then the budget is no longer due when the item gets it: it is left as the other unit committed it, the
        // 5 tokens reported after the hand reset kept
        var status = backend.getBudgetStatus(budget);
        assertEquals(5L, status.usage().get("tokens"), "usage reported after the hand reset");
        assertEquals(nextReset, status.nextResetAt(), "next reset as the hand reset scheduled it");
    }

    /** Waits (10 s at most) until a connection of this test's database waits for a row lock. */
    private void awaitOneUnitWaitingForALock() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Connection c = options.connect("lock-watch"); Statement st = c.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "a unit waits for the budget within 10 s");
                Thread.sleep(10);
            }
        }
    }
}
