package io.skein.sql.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.ConflictKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.sql.uow.ContentionRetry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A PostgreSQL unique violation is a creation race first (retried once, so the unit sees the winner's row) and a real
 * clash when it comes back: then it is the typed error of the table it hit, never {@code RetryExhausted}.
 */
class PostgresUniqueViolationTest {

    private final List<Long> sleeps = new ArrayList<>();
    private final ContentionRetry retry = new ContentionRetry(3, 5, sleeps::add, PostgresErrors::isContention,
            PostgresErrors::isUniqueViolation, PostgresErrors::toEngineException);

    private static SQLException uniqueViolation(String table, String constraint) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C23505\0Mduplicate key value violates unique "
                + "constraint\0t" + table + "\0n" + constraint + "\0"));
    }

    @Test
    void givenARaceThatTheRetryResolves_whenRun_thenTheRetriedUnitsAnswerIsReturned() {
        AtomicInteger tries = new AtomicInteger();

        String value = retry.run(() -> {
            if (tries.incrementAndGet() == 1) {
                throw uniqueViolation("ff_exec_core", "ff_exec_core_pkey");
            }
            return "duplicate reported";
        });

        assertEquals("duplicate reported", value);
        assertEquals(List.of(5L), sleeps, "one retry after the race");
    }

    @Test
    void givenAWaitpointKeyThatStillClashesAfterTheRetry_whenRun_thenConflictWaitpointAlreadyExists() {
        AtomicInteger tries = new AtomicInteger();

        EngineException failure = assertThrows(EngineException.class, () -> retry.run(() -> {
            tries.incrementAndGet();
            throw uniqueViolation("ff_waitpoint_pending", "ff_waitpoint_pending_pkey");
        }));

        assertEquals(2, tries.get(), "one try and one retry, not the three contention retries");
        EngineError.Conflict conflict = (EngineError.Conflict) failure.error();
        assertEquals(ConflictKind.WAITPOINT_ALREADY_EXISTS, conflict.kind());
        assertTrue(conflict.detail().contains("ff_waitpoint_pending_pkey"), conflict.detail());
    }

    @Test
    void givenADuplicateEdge_whenMapped_thenConflictDependencyAlreadyExists() {
        EngineException mapped = PostgresErrors.toEngineException(uniqueViolation("ff_edge", "ff_edge_key"));

        assertEquals(ConflictKind.DEPENDENCY_ALREADY_EXISTS, ((EngineError.Conflict) mapped.error()).kind());
    }

    @Test
    void givenAClashOnATableWithoutAConflictKind_whenMapped_thenNonRetryableTransportNamingTheConstraint() {
        EngineException mapped = PostgresErrors.toEngineException(uniqueViolation("ff_lane_registry",
                "ff_lane_registry_pkey"));

        EngineError.Transport transport = (EngineError.Transport) mapped.error();
        assertEquals(TransportKind.OTHER, transport.backendKind());
        assertTrue(transport.detail().contains("ff_lane_registry_pkey"), transport.detail());
    }
}
