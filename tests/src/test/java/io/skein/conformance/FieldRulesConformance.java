package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.WaitpointHmacKids;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WaitpointKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Checklist M8: the field rules of spec 01 §2 answer their typed kinds (InvalidInput, InvalidCapabilities,
 * InvalidTagKey, InvalidKid, InvalidWaitpointKey), and where an operation is reached nothing changes.
 */
class FieldRulesConformance extends Conformance {

    private static final String OTHER_SECRET = "0123456789abcdef".repeat(4);

    static EngineError.Validation expectKind(ValidationKind kind, String fieldPrefix, Executable call) {
        EngineError.Validation err = expectError(EngineError.Validation.class, call);
        assertEquals(kind, err.kind(), err.detail());
        assertTrue(err.detail().startsWith(fieldPrefix), "detail names " + fieldPrefix + ": " + err.detail());
        return err;
    }

    CreateExecutionArgs createOn(LaneId lane, Map<String, String> tags) {
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(lane, UUID.randomUUID());
        return new CreateExecutionArgs(id, NAMESPACE, lane, "test.kind", "input".getBytes(), "utf8", 0,
                "conformance", null, tags, null, null, null, id.partition(), clock.millis());
    }

    @Test
    void m8_laneIsOneTo64PrintableAsciiBytes() {
        // a 65-byte lane, control characters, DEL and non-ASCII are invalid input naming lane_id
        for (String bad : List.of("l".repeat(65), "", "a\tb", "a\nb", "a\u0000", "a\u007Fb", "caf\u00e9")) {
            expectKind(ValidationKind.INVALID_INPUT, "lane_id: ", () -> LaneId.of(bad));
        }

        // and the 64-byte boundary (spaces included) is a lane an execution can be created on
        LaneId longest = LaneId.of("l".repeat(63) + " ");
        CreateExecutionArgs args = createOn(longest, Map.of());
        assertInstanceOf(CreateExecutionResult.Created.class, backend.createExecution(args));
        assertTrue(backend.readExecutionState(args.executionId()).isPresent());
    }

    @Test
    void m8_namespaceIsNonEmptyWithoutControlCharacters() {
        for (String bad : List.of("", "ns\n", "ns\u0000x", "\u001Bns", "n".repeat(257))) {
            expectKind(ValidationKind.INVALID_INPUT, "namespace: ", () -> Namespace.of(bad));
        }
        assertEquals("tenant a/ü", Namespace.of("tenant a/ü").value());
    }

    @Test
    void m8_waitpointKeyRulesAreInvalidWaitpointKey() {
        for (String bad : List.of("", "wp\u0001", "wp\nnext", "\u007F", "k".repeat(257))) {
            expectKind(ValidationKind.INVALID_WAITPOINT_KEY, "waitpoint_key: ", () -> WaitpointKey.of(bad));
        }
        assertEquals("approval step 2", WaitpointKey.of("approval step 2").value());
    }

    @Test
    void m8_capabilityTokensWithACommaOrWhitespaceOrTooManyAreInvalidCapabilities() {
        // worker side
        for (List<String> bad : List.of(List.of("gpu,cuda"), List.of("gpu cuda"), List.of("gpu\t"),
                List.of(""), List.of("x\u007F"))) {
            expectKind(ValidationKind.INVALID_CAPABILITIES, "worker:", () -> CapabilitySet.worker(bad));
        }
        List<String> tokens256 = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tokens256.add("t" + i);
        }
        assertEquals(256, CapabilitySet.worker(tokens256).tokens().size());
        List<String> tokens257 = new ArrayList<>(tokens256);
        tokens257.add("t256");
        expectKind(ValidationKind.INVALID_CAPABILITIES, "worker:", () -> CapabilitySet.worker(tokens257));
        expectKind(ValidationKind.INVALID_CAPABILITIES, "worker:",
                () -> CapabilitySet.worker(List.of("a".repeat(2048), "b".repeat(2048))));
        assertEquals(1, CapabilitySet.worker(List.of("gpu", "gpu")).tokens().size());
        assertTrue(CapabilitySet.worker(List.of("h\u00f6he")).tokens().contains("h\u00f6he"));

        // required side, through the policy of a create
        expectKind(ValidationKind.INVALID_CAPABILITIES, "required:", () -> ExecutionPolicy.parse(
                "{\"routing_requirements\":{\"required_capabilities\":[\"gpu cuda\"]}}"));
        StringBuilder many = new StringBuilder();
        for (String t : tokens257) {
            many.append(many.length() == 0 ? "" : ",").append('"').append(t).append('"');
        }
        expectKind(ValidationKind.INVALID_CAPABILITIES, "required:", () -> ExecutionPolicy.parse(
                "{\"routing_requirements\":{\"required_capabilities\":[" + many + "]}}"));
    }

    @Test
    void m8_anInvalidTagKeyOnCreateIsInvalidTagKeyAndCreatesNothing() {
        for (String bad : List.of("owner", "Owner.x", "app.", ".x", "1app.x", "app.X", "app-x.y", "app. x",
                "a." + "b".repeat(127), "")) {
            // given
            CreateExecutionArgs args = createOn(LANE, Map.of("app.fine", "ok", bad, "v"));

            // when / then
            EngineError.Validation err = expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.createExecution(args));
            assertEquals(ValidationKind.INVALID_TAG_KEY, err.kind(), "tag key '" + bad + "': " + err.detail());
            assertTrue(err.detail().startsWith("tag_key: "), err.detail());
            assertTrue(backend.readExecutionState(args.executionId()).isEmpty());
        }

        // and valid keys create
        CreateExecutionArgs ok = createOn(LANE, Map.of("app.owner", "team-a", "x_1.y.z_2", "v"));
        assertInstanceOf(CreateExecutionResult.Created.class, backend.createExecution(ok));
    }

    @Test
    void m8_aKidWithAColonIsRejectedBySeedAndRotateAndTheKeystoreIsUnchanged() {
        // given: the harness keystore holds kid-test
        WaitpointHmacKids before = backend.listWaitpointHmacKids();

        // when / then: seed answers InvalidInput (spec 04 §1.3), rotate InvalidKid (spec 01 §2)
        for (String bad : List.of("kid:2", ":", "kid:", "", "k".repeat(65), "kid\u0001", "kid\u00e9")) {
            EngineError.Validation seed = expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(bad, OTHER_SECRET)));
            assertEquals(ValidationKind.INVALID_INPUT, seed.kind(), "seed kid '" + bad + "': " + seed.detail());
            EngineError.Validation rotate = expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.rotateWaitpointHmacSecretAll(new RotateWaitpointHmacSecretAllArgs(bad,
                            OTHER_SECRET, 60_000)));
            assertEquals(ValidationKind.INVALID_KID, rotate.kind(), "rotate kid '" + bad + "': " + rotate.detail());
        }
        assertEquals(before, backend.listWaitpointHmacKids());

        // and a 64-byte printable kid rotates in
        String longest = "k".repeat(63) + "2";
        backend.rotateWaitpointHmacSecretAll(new RotateWaitpointHmacSecretAllArgs(longest, OTHER_SECRET, 60_000));
        assertTrue(backend.listWaitpointHmacKids().toString().contains(longest));
    }

    @Test
    void m8_anEmptyNamespaceNeverReachesCreate() {
        EngineError.Validation err = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.createExecution(new CreateExecutionArgs(soloId(), Namespace.of(""), LANE, "test.kind",
                        "input".getBytes(), "utf8", 0, "conformance", null, Map.of(), null, null, null, 0,
                        clock.millis())));
        assertEquals(ValidationKind.INVALID_INPUT, err.kind());
        assertEquals("namespace: empty", err.detail());
    }
}
