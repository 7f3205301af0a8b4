package io.skein.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkeinJsonTest {

    @ExternallyTagged
    sealed interface Outcome permits Outcome.Created, Outcome.Ok {
        record Created(ExecutionId executionId, PublicState publicState) implements Outcome {}
        record Ok() implements Outcome {}
    }

    record Holder(Outcome outcome, byte[] payload, List<Outcome> all) {}

    @Test
    void variantWithFieldsIsWrappedInItsNameAndUnitVariantIsABareString() throws Exception {
        ExecutionId id = ExecutionId.parse("{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
        String created = SkeinJson.strict().writeValueAsString(new Outcome.Created(id, PublicState.WAITING));
        assertEquals("{\"Created\":{\"execution_id\":\"{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f\","
                + "\"public_state\":\"waiting\"}}", created);
        assertEquals("\"Ok\"", SkeinJson.strict().writeValueAsString(new Outcome.Ok()));

        assertEquals(new Outcome.Created(id, PublicState.WAITING), SkeinJson.strict().readValue(created, Outcome.class));
        assertEquals(new Outcome.Ok(), SkeinJson.strict().readValue("\"Ok\"", Outcome.class));
    }

    @Test
    void nestedTaggedValuesAndByteArraysRoundTrip() throws Exception {
        ExecutionId id = ExecutionId.parse("{fp:0}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
        Holder h = new Holder(new Outcome.Ok(), new byte[] {1, (byte) 200}, List.of(new Outcome.Created(id, PublicState.ACTIVE)));
        String json = SkeinJson.strict().writeValueAsString(h);
        assertEquals("{\"outcome\":\"Ok\",\"payload\":[1,200],\"all\":[{\"Created\":{\"execution_id\":\""
                + id + "\",\"public_state\":\"active\"}}]}", json);
        Holder back = SkeinJson.strict().readValue(json, Holder.class);
        assertArrayEquals(h.payload(), back.payload());
        assertEquals(h.outcome(), back.outcome());
        assertEquals(h.all(), back.all());
    }

    @Test
    void strictMapperRejectsUnknownFieldsUnknownVariantsAndUnknownEnumLiterals() {
        assertThrows(JsonProcessingException.class,
                () -> SkeinJson.strict().readValue("{\"Ok\":{},\"x\":1}", Outcome.class));
        assertThrows(JsonProcessingException.class,
                () -> SkeinJson.strict().readValue("\"Nope\"", Outcome.class));
        assertThrows(JsonProcessingException.class,
                () -> SkeinJson.strict().readValue("\"RUNNING\"", PublicState.class));
        assertThrows(JsonProcessingException.class,
                () -> SkeinJson.strict().readValue("{\"outcome\":\"Ok\",\"bogus\":1}", Holder.class));
        assertThrows(JsonProcessingException.class,
                () -> SkeinJson.strict().readValue("{\"payload\":[256]}", Holder.class));
    }
}
