package io.skein.core.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.skein.core.error.EngineException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * JSON adapters for the few fields whose input accepts an alias (spec 04: {@code auto_resume},
 * {@code cancel_flow_only}) or whose Java type is a {@link Duration} (carried as whole milliseconds). They are
 * attached per field so the shared mapper configuration stays untouched.
 */
final class WireAliases {

    private WireAliases() {}

    /** Reads a wire string through a parser that knows the aliases; an unknown value is a JSON mapping error. */
    abstract static class AliasingDeserializer<E> extends JsonDeserializer<E> {
        private final Class<E> type;
        private final Function<String, E> parser;

        AliasingDeserializer(Class<E> type, Function<String, E> parser) {
            this.type = type;
            this.parser = parser;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (E) ctxt.handleUnexpectedToken(type, p);
            }
            try {
                return parser.apply(p.getText());
            } catch (EngineException e) {
                return (E) ctxt.handleWeirdStringValue(type, p.getText(), e.getMessage());
            }
        }
    }

    static final class TimeoutBehaviorDeserializer extends AliasingDeserializer<TimeoutBehavior> {
        TimeoutBehaviorDeserializer() {
            super(TimeoutBehavior.class, TimeoutBehavior::parse);
        }
    }

    static final class CancelFlowPolicyDeserializer extends AliasingDeserializer<CancelFlowPolicy> {
        CancelFlowPolicyDeserializer() {
            super(CancelFlowPolicy.class, CancelFlowPolicy::parse);
        }
    }
}
