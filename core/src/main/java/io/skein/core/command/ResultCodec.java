package io.skein.core.command;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * An operation's result as the {@code result} of an ok reply (spec 07) and back. A void result and an empty
 * {@link Optional} are JSON {@code null}; a present Optional is its value's JSON; everything else is its SkeinJson
 * form (sealed results externally tagged, byte arrays as number arrays). Decoding needs the result's Java type,
 * which {@link CommandTypes#resultType} gives for every command.
 */
public final class ResultCodec {

    private static final ObjectMapper JSON = SkeinJson.lenient();

    private ResultCodec() {}

    public static JsonNode encode(Object result) {
        if (result == null) {
            return NullNode.getInstance();
        }
        if (result instanceof Optional<?> optional) {
            return optional.isPresent() ? encode(optional.get()) : NullNode.getInstance();
        }
        try {
            // Through bytes, not valueToTree: a handle writes itself as a raw value, which a token buffer keeps opaque.
            return JSON.readTree(JSON.writeValueAsBytes(result));
        } catch (IOException e) {
            throw new IllegalStateException("result " + result.getClass().getName() + " does not serialize", e);
        }
    }

    /** Reads the result of a command of {@code commandType}. */
    public static Object decode(String commandType, JsonNode result) {
        return decode(CommandTypes.resultType(commandType), result);
    }

    /**
     * Reads a result of {@code resultType}. A body that does not fit is {@code Transport(protocol)}: the engine and
     * this client disagree on the contract, which no retry fixes but which is not the caller's input either.
     */
    public static Object decode(Type resultType, JsonNode result) {
        if (resultType == void.class || resultType == Void.class) {
            return null;
        }
        boolean absent = result == null || result.isNull() || result.isMissingNode();
        if (resultType instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            return absent ? Optional.empty()
                    : Optional.of(decode(parameterized.getActualTypeArguments()[0], result));
        }
        JavaType type = JSON.getTypeFactory().constructType(resultType);
        if (absent) {
            if (type.isPrimitive()) {
                throw unreadable(resultType, "no result where a " + type.getRawClass().getName() + " was due");
            }
            return null;
        }
        try {
            return JSON.readerFor(type).readValue(result);
        } catch (IOException | RuntimeException e) {
            throw unreadable(resultType, e.getMessage());
        }
    }

    private static EngineException unreadable(Type resultType, String detail) {
        String first = detail == null ? "" : detail.lines().findFirst().orElse("");
        return new EngineException(new EngineError.Transport(TransportKind.PROTOCOL,
                "reply result does not decode as " + resultType.getTypeName() + ": " + first));
    }
}
