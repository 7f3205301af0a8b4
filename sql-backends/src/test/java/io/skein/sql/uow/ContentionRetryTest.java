package io.skein.sql.uow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.sql.sqlite.SqliteDialect;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Spec 03 §1: BUSY/LOCKED retried 3 times with 5 ms × 2^n, then Contention(RetryExhausted). */
class ContentionRetryTest {

    private final List<Long> sleeps = new ArrayList<>();
    private final ContentionRetry retry = new ContentionRetry(3, 5, sleeps::add, SqliteDialect::isContention,
            SqliteDialect::toEngineException);

    @ParameterizedTest(name = "sqlite code {0}")
    @ValueSource(ints = {5, 6, 262, 517})
    void givenContentionOnEveryTry_whenRun_thenThreeRetriesWithBackoffThenRetryExhausted(int code) {
        AtomicInteger tries = new AtomicInteger();

        EngineException failure = assertThrows(EngineException.class, () -> retry.run(() -> {
            tries.incrementAndGet();
            throw new SQLException("database is locked", null, code);
        }));

        assertEquals(4, tries.get(), "one try and three retries");
        assertEquals(List.of(5L, 10L, 20L), sleeps);
        EngineError.Contention contention = (EngineError.Contention) failure.error();
        assertEquals(ContentionKind.RETRY_EXHAUSTED, contention.kind());
        assertFalse(failure.isRetryable());
    }

    @Test
    void givenContentionThatClears_whenRun_thenTheLaterTrysValueIsReturned() {
        AtomicInteger tries = new AtomicInteger();

        String value = retry.run(() -> {
            if (tries.incrementAndGet() < 3) {
                throw new SQLException("busy", null, 5);
            }
            return "done";
        });

        assertEquals("done", value);
        assertEquals(List.of(5L, 10L), sleeps);
    }

    @Test
    void givenAnotherSqlFailure_whenRun_thenItMapsToTransportWithoutRetrying() {
        AtomicInteger tries = new AtomicInteger();

        EngineException failure = assertThrows(EngineException.class, () -> retry.run(() -> {
            tries.incrementAndGet();
            throw new SQLException("no such table: nope", null, 1);
        }));

        assertEquals(1, tries.get());
        assertTrue(sleeps.isEmpty());
        EngineError.Transport transport = (EngineError.Transport) failure.error();
        assertEquals(TransportKind.OTHER, transport.backendKind());
        assertTrue(transport.detail().contains("no such table"));
    }

    @Test
    void givenAnIoFailure_whenRun_thenItIsARetryableTransport() {
        EngineException failure = assertThrows(EngineException.class, () -> retry.run(() -> {
            throw new SQLException("disk I/O error", null, 10);
        }));

        assertEquals(TransportKind.TRANSPORT, ((EngineError.Transport) failure.error()).backendKind());
        assertTrue(failure.isRetryable());
    }

    @Test
    void givenATypedRejection_whenRun_thenItPassesThroughUnchanged() {
        EngineException rejection = EngineError.notFound("execution");

        EngineException thrown = assertThrows(EngineException.class, () -> retry.run(() -> {
            throw rejection;
        }));

        assertSame(rejection, thrown);
    }
}
