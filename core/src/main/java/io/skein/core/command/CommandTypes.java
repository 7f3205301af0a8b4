package io.skein.core.command;

import io.skein.core.api.EngineBackend;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of command types, built from {@code EngineCommand}'s permitted records so that adding a record is the
 * only edit a new command needs. A record's type is its simple name in snake_case ({@code SuspendByTriple} →
 * {@code suspend_by_triple}), which is also the spec 02 operation name; the backend method it applies is the same
 * name in camelCase ({@code suspendByTriple}), whose generic return type is the command's result type.
 */
public final class CommandTypes {

    private static final Map<String, Class<? extends EngineCommand>> BY_TYPE;
    private static final Map<Class<?>, String> TYPE_OF;
    private static final Map<String, Method> OPERATION;

    static {
        Map<String, Class<? extends EngineCommand>> byType = new LinkedHashMap<>();
        Map<Class<?>, String> typeOf = new LinkedHashMap<>();
        Map<String, Method> operation = new LinkedHashMap<>();
        for (Class<?> permitted : EngineCommand.class.getPermittedSubclasses()) {
            Class<? extends EngineCommand> record = permitted.asSubclass(EngineCommand.class);
            String type = snakeCase(record.getSimpleName());
            if (byType.put(type, record) != null) {
                throw new IllegalStateException("two command records share the type " + type);
            }
            typeOf.put(record, type);
            operation.put(type, backendMethod(type));
        }
        BY_TYPE = Collections.unmodifiableMap(byType);
        TYPE_OF = Collections.unmodifiableMap(typeOf);
        OPERATION = Collections.unmodifiableMap(operation);
    }

    private CommandTypes() {}

    /** Every command type, sorted. */
    public static Set<String> all() {
        return Collections.unmodifiableSet(new TreeSet<>(BY_TYPE.keySet()));
    }

    /** The record class of a command type, or empty for a type this engine does not know. */
    public static Optional<Class<? extends EngineCommand>> commandClass(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** The type of a command record class. */
    public static String typeOf(Class<? extends EngineCommand> commandClass) {
        String type = TYPE_OF.get(commandClass);
        if (type == null) {
            throw new IllegalArgumentException(commandClass.getName() + " is not a command record");
        }
        return type;
    }

    /** The {@link EngineBackend} method a command of {@code type} applies. */
    public static Method operation(String type) {
        Method method = OPERATION.get(type);
        if (method == null) {
            throw new IllegalArgumentException("unknown command type '" + type + "'");
        }
        return method;
    }

    /** The generic return type of the operation ({@code void.class} for a void method). */
    public static Type resultType(String type) {
        return operation(type).getGenericReturnType();
    }

    static String snakeCase(String pascal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pascal.length(); i++) {
            char c = pascal.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Method backendMethod(String type) {
        String name = camelCase(type);
        List<Method> found = new ArrayList<>();
        for (Method m : EngineBackend.class.getMethods()) {
            if (m.getName().equals(name)) {
                found.add(m);
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException("command type " + type + " must name exactly one EngineBackend method "
                    + name + ", found " + found.size());
        }
        return found.get(0);
    }
}
