package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.BackendIdentity;
import io.skein.core.api.Capabilities;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.FlowSnapshot;
import io.skein.core.api.PrepareOutcome;
import io.skein.core.api.Supports;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.FlowId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checklist A10 and the backend-level tests of seed 004 ({@code srv:parity_stage_a}): a backend that overrides
 * nothing compiles, keeps the defaults of spec 02 §12 and answers every operation with a typed
 * {@code Unavailable{op}}. Backend independent, so it runs once. The server parts of A10 (503 on every route) and
 * seed 004's {@code list_executions_dispatches_through_backend} / {@code deliver_signal_dispatches_through_backend}
 * (A11, A12) belong to the HTTP suite.
 */
class UnsupportedOperationsConformance {

    /** Overrides nothing: every method is the interface default. */
    private static final class BareBackend implements EngineBackend {
    }

    /** Raises the mock's own op name, as an out-of-tree backend may. */
    private static final class MockBackend implements EngineBackend {
        @Override
        public Optional<FlowSnapshot> describeFlow(FlowId flowId) {
            throw EngineError.unavailable("mock::describe_flow");
        }
    }

    /** The meta operations of 02 §12 that have a working default. */
    private static final Set<String> META_DEFAULTS = Set.of("prepare", "shutdownPrepare", "capabilities",
            "backendLabel", "serverTimeMs");

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }

    @Test
    void a10_prepareOnABackendThatDoesNotOverrideItIsANoOp() {
        EngineBackend bare = new BareBackend();
        assertInstanceOf(PrepareOutcome.NoOp.class, bare.prepare());
    }

    @Test
    void a10_theOtherMetaDefaultsHold() throws Exception {
        EngineBackend bare = new BareBackend();
        assertEquals(BackendIdentity.UNKNOWN, bare.backendLabel());
        Capabilities caps = bare.capabilities();
        assertEquals(BackendIdentity.UNKNOWN, caps.identity().family());
        assertEquals(Supports.none(), caps.supports(), "every flag false");
        long before = System.currentTimeMillis();
        long server = bare.serverTimeMs();
        assertTrue(server >= before && server <= System.currentTimeMillis(), "the local clock");
        // seed 004 shutdown_prepare_smoke: returns well within a second
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> bare.shutdownPrepare(Duration.ofSeconds(5)));
        shutdown.get(1, TimeUnit.SECONDS);
    }

    @Test
    void a10_everyOperationIsUnavailableWithItsSnakeCaseName() throws Exception {
        EngineBackend bare = new BareBackend();
        List<Method> operations = new ArrayList<>(Arrays.stream(EngineBackend.class.getMethods())
                .filter(Method::isDefault)
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !META_DEFAULTS.contains(m.getName()))
                .toList());
        operations.sort(Comparator.comparing(Method::getName));
        assertTrue(operations.size() > 80, "the whole surface of spec 02, got " + operations.size());

        List<String> wrong = new ArrayList<>();
        for (Method op : operations) {
            Object[] args = Arrays.stream(op.getParameterTypes()).map(UnsupportedOperationsConformance::defaultValue)
                    .toArray();
            try {
                op.invoke(bare, args);
                wrong.add(op.getName() + " returned normally");
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof EngineException ee) || !(ee.error() instanceof EngineError.Unavailable u)) {
                    wrong.add(op.getName() + " threw " + e.getCause());
                } else if (!u.op().equals(snakeCase(op.getName()))) {
                    wrong.add(op.getName() + " reported op " + u.op());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void a10_anUnavailableRaisedByTheBackendReachesCallersWithExactlyItsOp() {
        EngineBackend mock = new MockBackend();
        EngineException e = assertThrows(EngineException.class, () -> mock.describeFlow(FlowId.random()));
        EngineError.Unavailable u = assertInstanceOf(EngineError.Unavailable.class, e.error());
        assertEquals("mock::describe_flow", u.op());
        assertFalse(e.error().toString().isEmpty());
    }
}
