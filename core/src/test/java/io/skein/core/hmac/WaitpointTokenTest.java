package io.skein.core.hmac;

import static io.skein.core.error.ErrorAssertions.assertValidation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaitpointTokenTest {

    static final String SECRET_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final ExecutionId EXECUTION = ExecutionId.parse("{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
    static final WaitpointId WAITPOINT = WaitpointId.parse("9b1c6f1e-3a57-4d3a-8f0e-5d6c7b8a9f00");
    static final WaitpointKey KEY = WaitpointKey.of("wpk:approval");
    static final long CREATED_AT = 1_700_000_000_000L;

    /** Computed independently (Python hmac/hashlib) over the spec's message format. */
    static final String KNOWN_TOKEN = "k1:33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f094";

    @Test
    void signMatchesAnIndependentlyComputedHmacOverTheSpecMessage() {
        // given the secret as raw bytes and the waitpoint fields
        byte[] secret = HmacSecret.parseHex(SECRET_HEX).bytes();

        // when signed under k1
        String token = WaitpointToken.sign("k1", secret, EXECUTION, WAITPOINT, KEY, CREATED_AT);

        // then the token is kid:hex of HMAC-SHA256 over execution_id|waitpoint_id|waitpoint_key|created_at_ms
        assertEquals(KNOWN_TOKEN, token);
        assertEquals("{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f|9b1c6f1e-3a57-4d3a-8f0e-5d6c7b8a9f00|wpk:approval"
                + "|1700000000000", new String(new WaitpointTokenFields(EXECUTION, WAITPOINT, KEY, CREATED_AT)
                .message(), StandardCharsets.UTF_8));
    }

    @Test
    void signingAnyOtherFieldValueGivesAnotherDigest() {
        HmacSecret secret = HmacSecret.parseHex(SECRET_HEX);
        WaitpointTokenFields base = new WaitpointTokenFields(EXECUTION, WAITPOINT, KEY, CREATED_AT);

        String token = WaitpointToken.sign("k1", secret, base);

        assertNotEquals(token, WaitpointToken.sign("k1", secret,
                new WaitpointTokenFields(EXECUTION, WAITPOINT, KEY, CREATED_AT + 1)));
        assertNotEquals(token, WaitpointToken.sign("k1", secret,
                new WaitpointTokenFields(EXECUTION, WAITPOINT, WaitpointKey.of("wpk:other"), CREATED_AT)));
        assertNotEquals(token, WaitpointToken.sign("k1", secret, new WaitpointTokenFields(
                ExecutionId.parse("{fp:8}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f"), WAITPOINT, KEY, CREATED_AT)));
        assertNotEquals(token, WaitpointToken.sign("k1", secret,
                new WaitpointTokenFields(EXECUTION, WaitpointId.random(), KEY, CREATED_AT)));
    }

    @Test
    void fingerprintIsTheFirst16HexOfSha256OverTheWholeToken() {
        String fingerprint = WaitpointToken.fingerprint(KNOWN_TOKEN);

        // computed independently: sha256("k1:33e8…f094")[:16]
        assertEquals("c78fae67844da876", fingerprint);
        assertEquals(16, fingerprint.length());
        assertTrue(fingerprint.matches("[0-9a-f]{16}"));
        assertNotEquals(fingerprint, WaitpointToken.fingerprint("k2" + KNOWN_TOKEN.substring(2)));
    }

    @Test
    void redactShowsTheKidAndLengthButNeverTheDigest() {
        String redacted = WaitpointToken.redact(KNOWN_TOKEN);

        assertEquals("k1:<REDACTED:len=67>", redacted);
        assertFalse(redacted.contains(KNOWN_TOKEN.substring(3, 11)));
    }

    @Test
    void redactHidesAKidPartThatIsNotAValidKid() {
        String pasted = SECRET_HEX + "x".repeat(10) + ":abc";

        String redacted = WaitpointToken.redact(pasted);

        assertEquals("?:<REDACTED:len=" + pasted.length() + ">", redacted);
        assertEquals("?:<REDACTED:len=64>", WaitpointToken.redact(SECRET_HEX));
    }

    @Test
    void wellFormedTokensExposeTheirKid() {
        assertEquals("k1", WaitpointToken.kidOf(KNOWN_TOKEN));
        assertEquals("key 2024-01", WaitpointToken.kidOf("key 2024-01:" + "0".repeat(64)));
        assertTrue(WaitpointToken.isWellFormed(KNOWN_TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k1", "33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f094",
            ":33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f094",
            "k1:33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f09",
            "k1:33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f0944",
            "k1:33E8322BE75861B191A1CB8A2D1377E2670BC9E378D8F6893A322C3E53D2F094",
            "k1:33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f09g",
            "k:1:33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f094",
            "k\u00e9:33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f094"})
    void malformedTokensHaveNoKid(String token) {
        assertNull(WaitpointToken.kidOf(token));
        assertFalse(WaitpointToken.isWellFormed(token));
    }

    @Test
    void kidRuleIsOneTo64PrintableBytesWithoutColon() {
        assertEquals("k1", WaitpointToken.validateKid("k1"));
        assertEquals("k".repeat(64), WaitpointToken.validateKid("k".repeat(64)));
        for (String bad : new String[] {null, "", "k".repeat(65), "a:b", "k\n", "k\u00e9", "k\u007f"}) {
            assertValidation(ValidationKind.INVALID_KID, "kid", () -> WaitpointToken.validateKid(bad));
        }
        assertValidation(ValidationKind.INVALID_KID, "new_kid", () -> WaitpointToken.validateKid("new_kid", "a:b"));
    }

    @Test
    void secretHexMustBeExactly64HexCharactersOfEitherCase() {
        assertArrayEquals(HmacSecret.parseHex(SECRET_HEX).bytes(), HmacSecret.parseHex(SECRET_HEX.toUpperCase()).bytes());
        assertEquals(0x11, HmacSecret.parseHex(SECRET_HEX).bytes()[1]);
        for (String bad : new String[] {null, "", SECRET_HEX.substring(1), SECRET_HEX + "0",
                SECRET_HEX.substring(1) + "g", "0x" + SECRET_HEX.substring(2), SECRET_HEX.substring(2) + "  "}) {
            assertValidation(ValidationKind.INVALID_SECRET_HEX, "new_secret_hex", () -> HmacSecret.parseHex(bad));
        }
        assertValidation(ValidationKind.INVALID_SECRET_HEX, () -> HmacSecret.of(new byte[31]));
    }

    @Test
    void secretsNeverRenderTheirBytes() {
        HmacSecret secret = HmacSecret.parseHex(SECRET_HEX);
        HmacKey key = HmacKey.current("k1", secret, 1);
        WaitpointKeystore keystore = new WaitpointKeystore(key, java.util.List.of());

        for (String text : new String[] {secret.toString(), key.toString(), keystore.toString()}) {
            assertFalse(text.contains("00112233"), text);
            assertFalse(text.contains("0, 17, 34"), text);
        }
    }

    @Test
    void aRejectedSecretIsNotEchoedInTheError() {
        String almost = SECRET_HEX.substring(1) + "z";

        String detail = assertValidation(ValidationKind.INVALID_SECRET_HEX, () -> HmacSecret.parseHex(almost)).detail();

        assertFalse(detail.contains("0112233"), detail);
    }
}
