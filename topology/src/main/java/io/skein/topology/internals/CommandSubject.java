package io.skein.topology.internals;

import io.skein.core.api.Handle;
import io.skein.core.command.EngineCommand;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The execution and flow a command is about, read from its arguments: a {@code handle}, an {@code executionId} /
 * {@code flowId} component, or the same accessors on its {@code args} record. Accessors are found once per command
 * type.
 */
public final class CommandSubject {

    private static final Map<Class<?>, Method[]> PATHS = new ConcurrentHashMap<>();

    private CommandSubject() {}

    /** The execution the command changes, when it names one. */
    public static Optional<ExecutionId> execution(EngineCommand command) {
        for (Object value : values(command)) {
            if (value instanceof ExecutionId id) {
                return Optional.of(id);
            }
            if (value instanceof Handle handle) {
                try {
                    return Optional.of(HandleCodec.peek(handle).executionId());
                } catch (RuntimeException malformed) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The flow the command is about, when it names one. */
    public static Optional<FlowId> flow(EngineCommand command) {
        for (Object value : values(command)) {
            if (value instanceof FlowId id) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private static Object[] values(EngineCommand command) {
        Method[] paths = PATHS.computeIfAbsent(command.getClass(), CommandSubject::paths);
        Object[] out = new Object[paths.length];
        for (int i = 0; i < paths.length; i++) {
            try {
                Method m = paths[i];
                if (m.getDeclaringClass().isInstance(command)) {
                    out[i] = m.invoke(command);
                } else {
                    Object args = command.getClass().getMethod("args").invoke(command);
                    out[i] = args == null ? null : m.invoke(args);
                }
            } catch (ReflectiveOperationException e) {
                out[i] = null;
            }
        }
        return out;
    }

    /** Handle, executionId and flowId accessors of the command record, then of its {@code args} record. */
    private static Method[] paths(Class<?> type) {
        java.util.List<Method> found = new java.util.ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (wanted(c)) {
                found.add(c.getAccessor());
            }
        }
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals("args") && c.getType().isRecord()) {
                for (RecordComponent inner : c.getType().getRecordComponents()) {
                    if (wanted(inner)) {
                        found.add(inner.getAccessor());
                    }
                }
            }
        }
        return found.toArray(Method[]::new);
    }

    private static boolean wanted(RecordComponent c) {
        return c.getType() == Handle.class || (c.getType() == ExecutionId.class && c.getName().equals("executionId"))
                || c.getType() == FlowId.class;
    }
}
