package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.id.BudgetId;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage reports under real concurrency on PostgreSQL: 8 threads on their own connections report usage on one
 * budget at once. The budget row is locked by every report, so no report reads a stale total and overwrites
 * another's increment: the final usage is the exact sum of every report.
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
}
