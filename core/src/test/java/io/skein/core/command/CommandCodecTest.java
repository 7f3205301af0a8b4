package io.skein.core.command;

import static io.skein.core.command.CommandSamples.EXEC;
import static io.skein.core.command.CommandSamples.HANDLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.wire.CommandEnvelope;
import io.skein.core.wire.SkeinJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandCodecTest {

    private static final String COMMAND_ID = "8d0b4c1e-1f2a-4b3c-9d4e-5f6a7b8c9d0e";

    static Stream<Arguments> samples() {
        return CommandSamples.commands().stream().map(c -> Arguments.of(c.type(), c));
    }

    @Test
    void everyCommandRecordHasExactlyOneSample() {
        List<Class<?>> sampled = new ArrayList<>();
        for (EngineCommand c : CommandSamples.commands()) {
            sampled.add(c.getClass());
        }
        Set<Class<?>> permitted = new LinkedHashSet<>(Arrays.asList(EngineCommand.class.getPermittedSubclasses()));

        Set<Class<?>> missing = new LinkedHashSet<>(permitted);
        sampled.forEach(missing::remove);
        assertEquals(Set.of(), missing, "command records without a sample");
        assertEquals(permitted.size(), sampled.size(), "a command record is sampled twice");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyCommandSurvivesTheWireUnchanged(String type, EngineCommand command) throws Exception {
        // given a command encoded as a producer would send it
        byte[] value = CommandCodec.encode(command, COMMAND_ID, "client-7", 1234L);

        // when the engine decodes it
        DecodedCommand decoded = CommandCodec.decode(value);

        // then it is the same command, under the record's type, with the envelope intact
        assertEquals(command, decoded.command());
        assertEquals(command.type(), SkeinJson.lenient().readTree(value).get("type").asText());
        assertEquals(type, decoded.envelope().type());
        assertEquals(COMMAND_ID, decoded.envelope().commandId());
        assertEquals("client-7", decoded.envelope().replyTo());
        assertEquals(1234L, decoded.envelope().issuedAtMs());
        assertEquals(CommandEnvelope.VERSION, decoded.envelope().v());
        assertEquals(CommandCodec.argsJson(command), decoded.envelope().args());
    }

    @Test
    void aSingleArgsCommandCarriesTheOperationsHttpBodyAsArgs() throws Exception {
        EngineCommand.CreateExecution command = (EngineCommand.CreateExecution) CommandSamples.commands().get(0);

        JsonNode args = CommandCodec.argsJson(command);

        assertEquals(EXEC.toString(), args.get("execution_id").asText());
        assertFalse(args.has("args"));
        assertEquals(command.args(), SkeinJson.strict().treeToValue(args, CreateExecutionArgs.class));
    }

    @Test
    void aHandleTravelsInItsJsonFormAndOtherParametersInSnakeCase() {
        JsonNode delay = CommandCodec.argsJson(new EngineCommand.Delay(HANDLE, 77L));
        assertEquals("kafka", delay.get("handle").get("backend").asText());
        assertEquals("fresh", delay.get("handle").get("kind").asText());
        assertEquals(HANDLE.opaqueBase64(), delay.get("handle").get("opaque").asText());
        assertEquals(77L, delay.get("delay_until").asLong());

        JsonNode waitpoint = CommandCodec.argsJson(new EngineCommand.CreateWaitpoint(HANDLE,
                CommandSamples.KEY, java.time.Duration.ofSeconds(90)));
        assertEquals(90_000L, waitpoint.get("expires_in").asLong());
        assertEquals("approval", waitpoint.get("waitpoint_key").asText());
    }

    @Test
    void aFireAndForgetEnvelopeOmitsReplyToAndIssuedAt() throws Exception {
        byte[] value = CommandCodec.encode(new EngineCommand.Renew(HANDLE), COMMAND_ID, null, null);

        JsonNode json = SkeinJson.lenient().readTree(value);
        assertFalse(json.has("reply_to"));
        assertFalse(json.has("issued_at_ms"));
        DecodedCommand decoded = CommandCodec.decode(value);
        assertNull(decoded.envelope().replyTo());
        assertNull(decoded.envelope().issuedAtMs());
    }

    @Test
    void unknownFieldsInTheEnvelopeAndTheArgsAreIgnored() throws Exception {
        String json = "{\"v\":1,\"command_id\":\"c-1\",\"type\":\"ack_cancel_member\",\"future\":[1],"
                + "\"args\":{\"flow_id\":\"" + CommandSamples.FLOW + "\",\"execution_id\":\"" + EXEC
                + "\",\"added_later\":true}}";

        DecodedCommand decoded = CommandCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(new EngineCommand.AckCancelMember(CommandSamples.FLOW, EXEC), decoded.command());
    }

    // ---- poison inputs (spec 07: dead-lettered with the reason, error reply when reply_to is readable)

    private static PoisonCommandException poison(String value) {
        return assertThrows(PoisonCommandException.class,
                () -> CommandCodec.decode(value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aValueThatIsNotJsonIsPoison() {
        PoisonCommandException e = poison("{\"v\":1, oops");

        assertTrue(e.reason().startsWith("not JSON"), e.reason());
        assertTrue(e.replyTo().isEmpty());
        assertTrue(poison(null).reason().startsWith("not JSON"));
        assertTrue(poison("").reason().startsWith("not JSON"));
        assertTrue(poison("[1,2]").reason().startsWith("not a JSON object"));
    }

    @Test
    void eachMissingRequiredFieldIsNamedAndTheReplyAddressRecovered() {
        String args = "\"args\":{}";
        String[][] cases = {
                {"{\"command_id\":\"c-1\",\"type\":\"renew\"," + args + ",\"reply_to\":\"client-7\"}", "v"},
                {"{\"v\":1,\"type\":\"renew\"," + args + ",\"reply_to\":\"client-7\"}", "command_id"},
                {"{\"v\":1,\"command_id\":\"c-1\"," + args + ",\"reply_to\":\"client-7\"}", "type"},
                {"{\"v\":1,\"command_id\":\"c-1\",\"type\":\"renew\",\"reply_to\":\"client-7\"}", "args"}};
        for (String[] c : cases) {
            PoisonCommandException e = poison(c[0]);

            assertEquals("missing required field " + c[1], e.reason());
            assertEquals("client-7", e.replyTo().orElseThrow());
            assertEquals(c[1].equals("command_id") ? null : "c-1", e.commandId().orElse(null));
            assertEquals(ValidationKind.INVALID_INPUT, ((EngineError.Validation) e.error()).kind());
        }
    }

    @Test
    void anUnsupportedVersionIsPoison() {
        PoisonCommandException e = poison("{\"v\":2,\"command_id\":\"c-1\",\"type\":\"renew\",\"args\":{},"
                + "\"reply_to\":\"client-7\"}");

        assertTrue(e.reason().contains("unsupported version 2"), e.reason());
        assertEquals("client-7", e.replyTo().orElseThrow());
    }

    @Test
    void anUnknownTypeIsPoisonNamingTheType() {
        PoisonCommandException e = poison("{\"v\":1,\"command_id\":\"c-1\",\"type\":\"teleport\",\"args\":{},"
                + "\"reply_to\":\"client-7\"}");

        assertEquals("type: unknown command type 'teleport'", e.reason());
        assertEquals("client-7", e.replyTo().orElseThrow());
        assertEquals("c-1", e.commandId().orElseThrow());
    }

    @Test
    void argsThatDoNotBindArePoisonNamingTheCommandAndTheField() {
        PoisonCommandException e = poison("{\"v\":1,\"command_id\":\"c-1\",\"type\":\"create_flow\","
                + "\"args\":{\"flow_id\":\"not-a-uuid\",\"flow_kind\":\"dag\",\"namespace\":\"ns\",\"now\":1},"
                + "\"reply_to\":\"client-7\"}");

        assertTrue(e.reason().startsWith("args of 'create_flow' do not decode: "), e.reason());
        assertTrue(e.reason().contains("flow_id"), e.reason());
        assertEquals("client-7", e.replyTo().orElseThrow());
    }

    @Test
    void aTypedRejectionRaisedWhileBindingKeepsItsKind() {
        // a missing handle: the command record's own check
        PoisonCommandException missing = poison("{\"v\":1,\"command_id\":\"c-1\",\"type\":\"renew\",\"args\":{}}");
        assertEquals("args of 'renew' do not decode: invalid_input: handle: missing", missing.reason());
        assertEquals(ValidationKind.INVALID_INPUT, assertInstanceOf(EngineError.Validation.class,
                missing.error()).kind());

        // a malformed handle: the handle codec's corruption check
        PoisonCommandException corrupt = poison("{\"v\":1,\"command_id\":\"c-1\",\"type\":\"renew\","
                + "\"args\":{\"handle\":{\"backend\":\"kafka\",\"kind\":\"fresh\",\"opaque\":\"***\"}}}");
        assertTrue(corrupt.reason().startsWith("args of 'renew' do not decode: corruption: handle:"),
                corrupt.reason());
        assertEquals(ValidationKind.CORRUPTION, assertInstanceOf(EngineError.Validation.class,
                corrupt.error()).kind());

        // a single-args command whose args record rejects a value
        PoisonCommandException range = poison("{\"v\":1,\"command_id\":\"c-1\",\"type\":\"issue_grant_and_claim\","
                + "\"args\":{\"execution_id\":\"" + EXEC + "\",\"lane_id\":\"default\",\"lease_duration_ms\":0}}");
        assertTrue(range.reason().contains("lease_duration_ms"), range.reason());
    }

    @Test
    void malformedEnvelopeFieldsArePoison() {
        assertEquals("args: must be a JSON object, got array", poison("{\"v\":1,\"command_id\":\"c-1\","
                + "\"type\":\"renew\",\"args\":[1]}").reason());
        assertEquals("command_id: must be a non-empty string", poison("{\"v\":1,\"command_id\":\"\","
                + "\"type\":\"renew\",\"args\":{}}").reason());
        assertTrue(poison("{\"v\":\"1\",\"command_id\":\"c\",\"type\":\"renew\",\"args\":{}}").reason()
                .startsWith("v: must be an integer"));
        assertTrue(poison("{\"v\":1,\"command_id\":\"c\",\"type\":\"renew\",\"args\":{},\"issued_at_ms\":\"x\"}")
                .reason().startsWith("issued_at_ms: must be an integer"));
        PoisonCommandException badReplyTo = poison("{\"v\":1,\"command_id\":\"c\",\"type\":\"renew\",\"args\":{},"
                + "\"reply_to\":5}");
        assertEquals("reply_to: must be a string", badReplyTo.reason());
        assertTrue(badReplyTo.replyTo().isEmpty());
    }

    /** A create_execution record whose args are {@code args}, as a producer in any language would send it. */
    private static String createRecord(JsonNode args) {
        return "{\"v\":1,\"command_id\":\"c-1\",\"type\":\"create_execution\",\"args\":" + args
                + ",\"reply_to\":\"client-7\"}";
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode createArgs() {
        return (com.fasterxml.jackson.databind.node.ObjectNode) CommandCodec.argsJson(CommandSamples.commands()
                .get(0)).deepCopy();
    }

    /** Issue #21 item 5 (D13): a value of the wrong JSON type is refused naming its field, never coerced. */
    @Test
    void aWrongJsonTypeIsPoisonNamingTheFieldNeverCoerced() throws Exception {
        String[][] wrong = {
                {"execution_kind", "123"}, {"execution_kind", "1.79e308"}, {"execution_kind", "true"},
                {"creator_identity", "true"}, {"creator_identity", "7"}, {"namespace", "5"}, {"lane_id", "false"},
                {"input_payload", "\"abc\""}, {"input_payload", "\"AQID\""}, {"priority", "\"5\""},
                {"priority", "5.5"}, {"priority", "true"}, {"partition_id", "\"1\""}, {"tags", "{\"a.b\":1}"},
                {"tags", "{\"a.b\":false}"}, {"delay_until", "\"soon\""}, {"idempotency_key", "12"}};
        for (String[] c : wrong) {
            com.fasterxml.jackson.databind.node.ObjectNode args = createArgs();
            args.set(c[0], SkeinJson.lenient().readTree(c[1]));

            PoisonCommandException e = poison(createRecord(args));

            assertTrue(e.reason().startsWith("args of 'create_execution' do not decode: "), c[0] + ": " + e.reason());
            assertTrue(e.reason().contains(c[0]), c[0] + " = " + c[1] + ": " + e.reason());
            assertEquals("client-7", e.replyTo().orElseThrow());
        }
    }

    /**
     * Issue #21 item 7: a command's args are its HTTP body (spec 07), where {@code now} is optional: a record
     * without it decodes, with 0, which every operation reads as "the engine's own clock".
     */
    @Test
    void argsWithoutNowDecodeAsTheEnginesClock() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode args = createArgs();
        args.remove("now");

        DecodedCommand decoded = CommandCodec.decode(createRecord(args).getBytes(StandardCharsets.UTF_8));

        assertEquals(0L, ((EngineCommand.CreateExecution) decoded.command()).args().now());
        com.fasterxml.jackson.databind.node.ObjectNode explicit = createArgs();
        explicit.put("now", 42);
        assertEquals(42L, ((EngineCommand.CreateExecution) CommandCodec.decode(createRecord(explicit)
                .getBytes(StandardCharsets.UTF_8)).command()).args().now());
    }
}
