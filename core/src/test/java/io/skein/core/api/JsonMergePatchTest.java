package io.skein.core.api;

import static io.skein.core.api.ApiAssertions.assertInvalidInput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.wire.SkeinJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

    private static JsonNode json(String text) throws Exception {
        return SkeinJson.strict().readTree(text);
    }

    /** RFC 7396 Appendix A: original | patch | result. */
    @ParameterizedTest
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
        "{\"a\":\"b\"} | {\"a\":\"c\"} | {\"a\":\"c\"}",
        "{\"a\":\"b\"} | {\"b\":\"c\"} | {\"a\":\"b\",\"b\":\"c\"}",
        "{\"a\":\"b\"} | {\"a\":null} | {}",
        "{\"a\":\"b\",\"b\":\"c\"} | {\"a\":null} | {\"b\":\"c\"}",
        "{\"a\":[\"b\"]} | {\"a\":\"c\"} | {\"a\":\"c\"}",
        "{\"a\":\"c\"} | {\"a\":[\"b\"]} | {\"a\":[\"b\"]}",
        "{\"a\":{\"b\":\"c\"}} | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
        "{\"a\":[{\"b\":\"c\"}]} | {\"a\":[1]} | {\"a\":[1]}",
        "[\"a\",\"b\"] | [\"c\",\"d\"] | [\"c\",\"d\"]",
        "{\"a\":\"b\"} | [\"c\"] | [\"c\"]",
        "{\"a\":\"foo\"} | null | null",
        "{\"a\":\"foo\"} | \"bar\" | \"bar\"",
        "{\"e\":null} | {\"a\":1} | {\"e\":null,\"a\":1}",
        "[1,2] | {\"a\":\"b\",\"c\":null} | {\"a\":\"b\"}",
        "{} | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}"
    })
    void appliesEveryExampleOfRfc7396(String original, String patch, String result) throws Exception {
        JsonNode target = json(original);
        String before = target.toString();

        assertEquals(json(result), JsonMergePatch.apply(target, json(patch)));
        assertEquals(before, target.toString(), "the target is not modified");
    }

    @Test
    void appliesTheRfc7396IntroductionExample() throws Exception {
        JsonNode target = json("{\"title\":\"Goodbye!\",\"author\":{\"givenName\":\"John\",\"familyName\":\"Doe\"},"
                + "\"tags\":[\"example\",\"sample\"],\"content\":\"This will be unchanged\"}");
        JsonNode patch = json("{\"title\":\"Hello!\",\"phoneNumber\":\"+01-123-456-7890\","
                + "\"author\":{\"familyName\":null},\"tags\":[\"example\"]}");

        assertEquals(json("{\"title\":\"Hello!\",\"author\":{\"givenName\":\"John\"},\"tags\":[\"example\"],"
                + "\"content\":\"This will be unchanged\",\"phoneNumber\":\"+01-123-456-7890\"}"),
                JsonMergePatch.apply(target, patch));
    }

    @Test
    void theSentinelStoresAnExplicitNullWhereAPlainNullWouldDelete() throws Exception {
        JsonNode document = json("{\"status\":\"running\",\"step\":3,\"progress\":{\"done\":1}}");
        JsonNode patch = json("{\"status\":\"__ff_null__\",\"step\":null,"
                + "\"progress\":{\"items\":[\"__ff_null__\",\"x\"]}}");

        JsonNode merged = JsonMergePatch.applySummaryDelta(document, patch);

        assertEquals(json("{\"status\":null,\"progress\":{\"done\":1,\"items\":[null,\"x\"]}}"), merged);
        assertEquals(false, merged.toString().contains(JsonMergePatch.NULL_SENTINEL));
    }

    @Test
    void theFirstDeltaStartsFromNoDocument() throws Exception {
        assertEquals(json("{\"a\":1}"), JsonMergePatch.applySummaryDelta(null, json("{\"a\":1,\"b\":null}")));
    }

    @Test
    void depthCountsContainersNotScalars() throws Exception {
        assertEquals(0, JsonMergePatch.depth(json("7")));
        assertEquals(1, JsonMergePatch.depth(json("{}")));
        assertEquals(3, JsonMergePatch.depth(json("{\"a\":[{\"b\":1}],\"c\":2}")));
    }

    @Test
    void aSummaryPatchMustBeAnObjectNestedAtMostSixteenDeep() {
        String sixteen = "{\"a\":".repeat(15) + "{}" + "}".repeat(15);
        String seventeen = "{\"a\":".repeat(16) + "{}" + "}".repeat(16);

        assertEquals(16, JsonMergePatch.depth(JsonMergePatch.parseSummaryPatch(utf8(sixteen))));
        assertInvalidInput("payload: summary patch nested deeper than 16",
                () -> JsonMergePatch.parseSummaryPatch(utf8(seventeen)));
        assertInvalidInput("payload: summary patch must be a JSON object",
                () -> JsonMergePatch.parseSummaryPatch(utf8("[1]")));
        assertInvalidInput("payload: summary patch must be a JSON object",
                () -> JsonMergePatch.parseSummaryPatch(new byte[0]));
        assertInvalidInput("payload: summary patch is not valid JSON",
                () -> JsonMergePatch.parseSummaryPatch(utf8("{\"a\":")));
    }

    @Test
    void documentsSerializeCompactly() throws Exception {
        assertEquals("{\"a\":[1,null]}",
                new String(JsonMergePatch.toBytes(json("{ \"a\" : [1, null] }")), StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
