package io.skein.core.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.skein.core.api.EngineBackend;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandApplyTest {

    private record Call(Method method, Object[] args) {}

    /** An EngineBackend that records every call and answers with the sample result of the method's return type. */
    private static final class RecordingBackend {
        final List<Call> calls = new ArrayList<>();
        final Map<Class<?>, Object> results = CommandSamples.results();
        final EngineBackend proxy = (EngineBackend) Proxy.newProxyInstance(EngineBackend.class.getClassLoader(),
                new Class<?>[] {EngineBackend.class}, (self, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? self == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(self) : "recording";
                    }
                    calls.add(new Call(method, args == null ? new Object[0] : args));
                    return method.getReturnType() == void.class ? null : results.get(method.getReturnType());
                });
    }

    static Stream<Arguments> samples() {
        return CommandSamples.commands().stream().map(c -> Arguments.of(c.type(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void applyingACommandCallsExactlyItsOperationWithItsArguments(String type, EngineCommand command)
            throws Exception {
        RecordingBackend backend = new RecordingBackend();

        Object result = command.applyTo(backend.proxy);

        // exactly one call, to the operation named like the command
        assertEquals(1, backend.calls.size(), backend.calls.toString());
        Call call = backend.calls.get(0);
        assertEquals(CommandTypes.operation(type), call.method());
        assertEquals(CommandTypes.camelCase(type), call.method().getName());
        // with the command's components, in parameter order
        RecordComponent[] components = command.getClass().getRecordComponents();
        Object[] expected = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            expected[i] = components[i].getAccessor().invoke(command);
        }
        assertArrayEquals(expected, call.args());
        // and the backend's own result comes back untouched (null for a void operation)
        if (call.method().getReturnType() == void.class) {
            assertNull(result);
        } else {
            Object answer = backend.results.get(call.method().getReturnType());
            assertNotNull(answer, "no sample result for " + call.method().getReturnType());
            assertSame(answer, result);
        }
    }
}
