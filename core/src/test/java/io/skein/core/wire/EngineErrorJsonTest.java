package io.skein.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.error.BugKind;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.TransportKind;
import io.skein.core.error.ValidationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EngineErrorJsonTest {

    static Stream<EngineError> everyError() {
        List<EngineError> all = new ArrayList<>();
        for (String entity : EngineError.NotFound.ENTITIES) {
            all.add(new EngineError.NotFound(entity));
        }
        for (ValidationKind k : ValidationKind.values()) {
            all.add(new EngineError.Validation(k, "field: reason"));
        }
        for (ContentionKind k : ContentionKind.values()) {
            all.add(new EngineError.Contention(k));
        }
        all.add(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ACTIVE, "",
                new EngineError.ExecutionNotActive("success", 3, "terminal", "0b8f5a0e-7d4f-4c1b-9a55-3e0c1d2b4f6a")));
        for (ConflictKind k : ConflictKind.values()) {
            all.add(new EngineError.Conflict(k, "k9"));
        }
        for (StateKind k : StateKind.values()) {
            all.add(new EngineError.State(k, "expected active, found terminal"));
        }
        all.add(new EngineError.Bug(BugKind.ATTEMPT_NOT_IN_CREATED_STATE, "x"));
        for (TransportKind k : TransportKind.values()) {
            all.add(new EngineError.Transport(k, "connection reset"));
        }
        all.add(new EngineError.Unavailable("mock::describe_flow"));
        all.add(new EngineError.ResourceExhausted("stream_ops", 64, 100L));
        all.add(new EngineError.ResourceExhausted("stream_ops", 64, null));
        all.add(new EngineError.Timeout("cancel_flow", 1500));
        all.add(new EngineError.StreamDisconnected(new byte[] {3, 0, 0, 7}));
        all.add(new EngineError.StreamBackpressure());
        all.add(new EngineError.Contextual(new EngineError.Unavailable("read_stream"), "http GET /stream"));
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("everyError")
    void everyErrorSurvivesTheReplyEnvelopeUnchanged(EngineError error) throws Exception {
        // given an error raised by the engine, written into a reply and sent over the wire
        ObjectNode body = EngineErrorJson.toJson(error);
        byte[] wire = SkeinJson.lenient().writeValueAsBytes(ReplyEnvelope.failure("c-1", body));

        // when the client reads the reply back
        ReplyEnvelope reply = SkeinJson.lenient().readValue(wire, ReplyEnvelope.class);
        EngineError back = EngineErrorJson.fromJson(reply.error());

        // then it rebuilds the same typed error, and the body carries the HTTP kind and retryable flag
        assertEquals(error, back);
        assertEquals(error.isRetryable(), reply.error().get("retryable").asBoolean());
        assertEquals(io.skein.core.error.HttpErrorMapping.map(error).kind(), reply.error().get("kind").asText());
    }

    @Test
    void unreadableErrorBodyBecomesAProtocolTransportError() throws Exception {
        JsonNode junk = SkeinJson.lenient().readTree("{\"variant\":\"validation\",\"code\":\"no_such_kind\"}");
        EngineError back = EngineErrorJson.fromJson(junk);
        EngineError.Transport t = assertInstanceOf(EngineError.Transport.class, back);
        assertEquals(TransportKind.PROTOCOL, t.backendKind());
    }
}
