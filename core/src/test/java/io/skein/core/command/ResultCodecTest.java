package io.skein.core.command;

import static io.skein.core.command.CommandSamples.HANDLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.Handle;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.api.scheduler.ReleaseGrantResult;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.wire.SkeinJson;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResultCodecTest {

    private static final Map<Class<?>, Object> RESULTS = CommandSamples.results();

    static Stream<Arguments> samples() {
        return CommandSamples.commands().stream().map(c -> Arguments.of(c.type(), c));
    }

    private static Class<?> rawResultClass(String type) {
        return CommandTypes.operation(type).getReturnType();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyCommandsResultSurvivesAReplyEnvelope(String type, EngineCommand command) throws Exception {
        Class<?> raw = rawResultClass(type);
        Object result = raw == void.class ? null : RESULTS.get(raw);
        assertTrue(raw == void.class || result != null, "no sample result of " + raw.getName() + " for " + type);

        // given the engine's ok reply carrying the result
        byte[] reply = SkeinJson.lenient().writeValueAsBytes(ReplyEnvelope.success("c-1", ResultCodec.encode(result)));

        // when the client reads the reply back
        ReplyEnvelope back = SkeinJson.lenient().readValue(reply, ReplyEnvelope.class);

        // then it decodes to an equal result of the command's type
        assertEquals(result, ResultCodec.decode(type, back.result()));
        assertEquals(result, ResultCodec.decode(command.resultType(), back.result()));
    }

    @Test
    void anOptionalHandleIsItsHandleJsonOrNull() {
        Type optionalHandle = CommandTypes.resultType("claim_from_resume_grant");

        JsonNode present = ResultCodec.encode(Optional.of(HANDLE));
        assertEquals("kafka", present.get("backend").asText());
        assertEquals(HANDLE.opaqueBase64(), present.get("opaque").asText());
        assertEquals(Optional.of(HANDLE), ResultCodec.decode(optionalHandle, present));

        JsonNode empty = ResultCodec.encode(Optional.empty());
        assertTrue(empty.isNull());
        assertEquals(Optional.empty(), ResultCodec.decode(optionalHandle, empty));
        assertEquals(Optional.empty(), ResultCodec.decode(optionalHandle, null));
    }

    @Test
    void aVoidResultIsNull() {
        assertTrue(ResultCodec.encode(null).isNull());
        assertNull(ResultCodec.decode("wait_children", ResultCodec.encode(null)));
    }

    @Test
    void sealedResultsKeepTheirTagAndVariant() {
        assertEquals("\"Released\"", ResultCodec.encode(new ReleaseGrantResult.Released()).toString());
        JsonNode breach = ResultCodec.encode(new ReportUsageResult.HardBreach("input_tokens", 90, 100));
        assertNotNull(breach.get("HardBreach"));
        assertEquals(new ReportUsageResult.HardBreach("input_tokens", 90, 100),
                ResultCodec.decode("record_spend", breach));
        assertEquals(new ReportUsageResult.AlreadyApplied(),
                ResultCodec.decode("report_usage", ResultCodec.encode(new ReportUsageResult.AlreadyApplied())));
    }

    @Test
    void bytesAreANumberArray() {
        byte[] bytes = {0, 1, (byte) 255};

        JsonNode json = ResultCodec.encode(bytes);

        assertEquals("[0,1,255]", json.toString());
        assertArrayEquals(bytes, (byte[]) ResultCodec.decode(byte[].class, json));
        assertEquals(Optional.class, ResultCodec.decode(
                new com.fasterxml.jackson.core.type.TypeReference<Optional<byte[]>>() {}.getType(), json).getClass());
    }

    @Test
    void aResultOfTheWrongShapeIsAProtocolError() {
        EngineException e = assertThrows(EngineException.class,
                () -> ResultCodec.decode("create_flow", SkeinJson.lenient().createObjectNode().put("Nope", 1)));

        EngineError.Transport t = assertInstanceOf(EngineError.Transport.class, e.error());
        assertEquals(TransportKind.PROTOCOL, t.backendKind());
        assertTrue(t.detail().contains("CreateFlowResult"), t.detail());
        assertThrows(EngineException.class, () -> ResultCodec.decode(Handle.class,
                SkeinJson.lenient().createArrayNode()));
    }
}
