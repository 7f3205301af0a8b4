package io.skein.core.command;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Duration;

/** A {@link Duration} as a JSON integer of whole, non-negative milliseconds (the wire form of every duration). */
final class DurationMillisJson {

    private DurationMillisJson() {}

    static final class Writer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(value.toMillis());
        }
    }

    static final class Reader extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            long ms = p.getLongValue();
            if (ms < 0) {
                return (Duration) ctxt.handleWeirdNumberValue(Duration.class, ms, "negative duration");
            }
            return Duration.ofMillis(ms);
        }
    }
}
