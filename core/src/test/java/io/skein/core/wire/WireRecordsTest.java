package io.skein.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireRecordsTest {

    @Test
    void commandEnvelopeUsesTheSnakeCaseFieldsOfTheWireSpecAndIgnoresUnknownFields() throws Exception {
        // given a producer in another language writing an envelope with an extra field
        String json = "{\"v\":1,\"command_id\":\"8d0b4c1e-1f2a-4b3c-9d4e-5f6a7b8c9d0e\",\"type\":\"create_flow\","
                + "\"args\":{\"flow_id\":\"x\"},\"reply_to\":\"client-1\",\"issued_at_ms\":17,\"future\":true}";

        // when the engine reads it
        CommandEnvelope env = SkeinJson.lenient().readValue(json, CommandEnvelope.class);

        // then every field is there and the unknown one is ignored (forward compatible)
        assertEquals(1, env.v());
        assertEquals("create_flow", env.type());
        assertEquals("client-1", env.replyTo());
        assertEquals(17L, env.issuedAtMs());
        assertEquals("x", env.args().get("flow_id").asText());
        JsonNode written = SkeinJson.lenient().valueToTree(env);
        assertTrue(written.has("command_id") && written.has("reply_to") && written.has("issued_at_ms"));
    }

    @Test
    void eventAndGrantRecordsRoundTrip() throws Exception {
        ObjectNode data = SkeinJson.lenient().createObjectNode().put("result_bytes", 12);
        EventEnvelope event = new EventEnvelope(1, EventEnvelope.eventId("cmd-1", 0), EventType.EXECUTION_COMPLETED,
                99L, "{fp:3}:8d0b4c1e-1f2a-4b3c-9d4e-5f6a7b8c9d0e", null, 0, 1L, PublicState.COMPLETED, data);
        String json = SkeinJson.lenient().writeValueAsString(event);
        assertTrue(json.contains("\"type\":\"execution_completed\""), json);
        assertTrue(json.contains("\"public_state\":\"completed\""), json);
        assertEquals(event, SkeinJson.lenient().readValue(json, EventEnvelope.class));
        assertEquals("cmd-1:0", event.eventId());
        assertEquals(event.executionId(), event.recordKey());

        GrantRecord grant = new GrantRecord(1, "{fp:3}:8d0b4c1e-1f2a-4b3c-9d4e-5f6a7b8c9d0e", "default", "g-1",
                2000L, 1000L, 5, List.of("gpu"), GrantRecord.Kind.RESUME);
        String g = SkeinJson.lenient().writeValueAsString(grant);
        assertTrue(g.contains("\"kind\":\"resume\""), g);
        assertEquals(grant, SkeinJson.lenient().readValue(g, GrantRecord.class));
    }

    @Test
    void eventMustNameASubjectAndRepliesAreEitherOkOrError() {
        assertThrows(IllegalArgumentException.class, () -> new EventEnvelope(1, "c:0", EventType.PROGRESS, 1, null,
                null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ReplyEnvelope(1, "c", true, null,
                SkeinJson.lenient().createObjectNode()));
        assertThrows(IllegalArgumentException.class, () -> new ReplyEnvelope(1, "c", false, null, null));
    }

    @Test
    void dispatchTopicNamesEscapeEveryByteOutsideTheSafeSet() {
        TopicNames t = TopicNames.DEFAULT;
        assertEquals("ff.dispatch.my.20lane", t.dispatch("my lane"));
        assertEquals("ff.dispatch.a.5fb", t.dispatch("a_b"));
        assertEquals("ff.dispatch.a.2eb", t.dispatch("a.b"));
        assertEquals("ff.dispatch.default", t.dispatch("default"));
        // "a.b" and "a_b" would collide under Kafka's ./_ equivalence if not escaped
        assertNotEquals(t.dispatch("a.b").replace('.', '_'), t.dispatch("a_b").replace('.', '_'));
        assertEquals("ff.commands", t.commands());
        assertEquals("ff.commands.dlq", t.deadLetters());
        assertEquals("x.replies", new TopicNames("x.").replies());
    }

    @Test
    void internalCommandIdsAreDeterministicAndDistinguishEveryPart() {
        String a = InternalCommandIds.of("{fp:1}", "e1", "lease_expiry", "1000", 4);
        assertEquals(a, InternalCommandIds.of("{fp:1}", "e1", "lease_expiry", "1000", 4));
        UUID.fromString(a); // well-formed
        assertNotEquals(a, InternalCommandIds.of("{fp:1}", "e1", "lease_expiry", "1000", 5));
        assertNotEquals(a, InternalCommandIds.of("{fp:1}", "e1", "lease_expiry", "1001", 4));
        assertNotEquals(a, InternalCommandIds.of("{fp:2}", "e1", "lease_expiry", "1000", 4));
        // length-prefixing keeps ("ab","c") and ("a","bc") apart
        assertNotEquals(InternalCommandIds.of("p", "ab", "c", "d", 0), InternalCommandIds.of("p", "a", "bc", "d", 0));
    }
}
