package io.skein.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.wire.SkeinJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapabilitySetTest {

    @Test
    void tokensAreDeduplicatedAndSortedAndJoinedAsCsv() {
        CapabilitySet set = CapabilitySet.worker(List.of("gpu", "arm64", "gpu", "région"));

        assertEquals(List.of("arm64", "gpu", "région"), List.copyOf(set.tokens()));
        assertEquals("arm64,gpu,région", set.sortedCsv());
    }

    @Test
    void missingFromListsTheRequiredTokensTheWorkerLacks() {
        CapabilitySet required = CapabilitySet.required(List.of("gpu", "cuda12", "arm64"));
        CapabilitySet worker = CapabilitySet.worker(List.of("arm64", "x"));

        assertEquals(Set.of("cuda12", "gpu"), required.missingFrom(worker));
        assertEquals("cuda12,gpu", String.join(",", required.missingFrom(worker)));
        assertFalse(required.isSubsetOf(worker));
        assertTrue(CapabilitySet.EMPTY.isSubsetOf(worker));
        assertTrue(CapabilitySet.EMPTY.missingFrom(worker).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a,b", "has space", "tab\there", "nl\n", "del\u007f", "nul\u0000"})
    void invalidTokensAreInvalidCapabilitiesNamingTheSide(String token) {
        EngineException e = assertThrows(EngineException.class, () -> CapabilitySet.required(List.of("ok", token)));

        EngineError.Validation v = (EngineError.Validation) e.error();
        assertEquals(ValidationKind.INVALID_CAPABILITIES, v.kind());
        assertTrue(v.detail().startsWith("required:"), v.detail());
    }

    @Test
    void reasonsSayWhatIsWrong() {
        assertEquals("worker:empty token", detail(() -> CapabilitySet.worker(List.of(""))));
        assertEquals("worker:token contains ','", detail(() -> CapabilitySet.worker(List.of("a,b"))));
        assertEquals("worker:token contains whitespace or a control byte",
                detail(() -> CapabilitySet.worker(List.of("a b"))));
    }

    @Test
    void atMost256Tokens() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tokens.add("t" + i);
        }
        assertEquals(256, CapabilitySet.worker(tokens).tokens().size());
        tokens.add("t256");
        assertEquals("worker:more than 256 tokens", detail(() -> CapabilitySet.worker(tokens)));
    }

    @Test
    void atMost4096BytesAsSortedCsv() {
        // 4 tokens of 1023 bytes + 3 commas = 4095; one more byte of token length reaches 4096, two exceed it.
        String base = "x".repeat(1022);
        List<String> fits = List.of(base + "a", base + "b", base + "c", base + "dd");
        assertEquals(4096, CapabilitySet.worker(fits).sortedCsv().length());
        List<String> over = List.of(base + "a", base + "b", base + "c", base + "ddd");
        assertEquals("worker:sorted CSV longer than 4096 bytes", detail(() -> CapabilitySet.worker(over)));
    }

    @Test
    void multiByteTokensCountTheirUtf8Bytes() {
        String twoByteChars = "é".repeat(2048); // 4096 bytes in UTF-8
        assertEquals(1, CapabilitySet.worker(List.of(twoByteChars)).tokens().size());
        assertEquals("worker:sorted CSV longer than 4096 bytes",
                detail(() -> CapabilitySet.worker(List.of(twoByteChars + "é"))));
    }

    @Test
    void jsonFormIsASortedArrayOfStrings() throws Exception {
        CapabilitySet set = CapabilitySet.worker(List.of("b", "a"));
        String json = SkeinJson.strict().writeValueAsString(set);

        assertEquals("[\"a\",\"b\"]", json);
        assertEquals(set, SkeinJson.strict().readValue(json, CapabilitySet.class));
    }

    private static String detail(Runnable r) {
        EngineException e = assertThrows(EngineException.class, r::run);
        return ((EngineError.Validation) e.error()).detail();
    }
}
