package io.skein.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.state.PublicState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventEnvelopeRoundTripTest {

    private static final String EXEC = "{fp:3}:8d0b4c1e-1f2a-4b3c-9d4e-5f6a7b8c9d0e";
    private static final String FLOW = "11111111-2222-4333-8444-555555555555";

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeSurvivesTheEventsTopic(EventType type) throws Exception {
        // given an event of this type as the engine writes it
        ObjectNode data = SkeinJson.lenient().createObjectNode().put("detail", type.wire());
        boolean flowLevel = type == EventType.FLOW_CREATED || type == EventType.FLOW_CANCELLED;
        EventEnvelope event = new EventEnvelope(1, EventEnvelope.eventId("cmd-1", type.ordinal()), type, 99L,
                flowLevel ? null : EXEC, FLOW, flowLevel ? null : 2, flowLevel ? null : 5L,
                flowLevel ? null : PublicState.ACTIVE, data);

        // when a consumer reads the bytes back
        byte[] bytes = SkeinJson.lenient().writeValueAsBytes(event);
        EventEnvelope back = SkeinJson.lenient().readValue(bytes, EventEnvelope.class);

        // then it is the same event, typed by its wire string
        assertEquals(event, back);
        JsonNode json = SkeinJson.lenient().readTree(bytes);
        assertEquals(type.wire(), json.get("type").asText());
        assertEquals(flowLevel ? FLOW : EXEC, back.recordKey());
    }

    @Test
    void anEventTypeWireStringIsItsSnakeCaseName() {
        assertEquals("execution_created", EventType.EXECUTION_CREATED.wire());
        assertEquals("frame_appended", EventType.FRAME_APPENDED.wire());
    }
}
