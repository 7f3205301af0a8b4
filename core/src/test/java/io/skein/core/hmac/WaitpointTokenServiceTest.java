package io.skein.core.hmac;

import static io.skein.core.error.ErrorAssertions.assertValidationDetail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaitpointTokenServiceTest {

    private static final String OTHER_SECRET_HEX = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private static final long NOW = 1_800_000_000_000L;
    private static final long GRACE = 60_000L;
    private static final String OP = "deliver_signal";

    private static final WaitpointTokenFields STORED = new WaitpointTokenFields(WaitpointTokenTest.EXECUTION,
            WaitpointTokenTest.WAITPOINT, WaitpointTokenTest.KEY, WaitpointTokenTest.CREATED_AT);

    private static WaitpointKeystore seededK1() {
        return WaitpointKeystore.EMPTY.seed("k1", WaitpointTokenTest.SECRET_HEX, NOW - 1000).keystore();
    }

    private static WaitpointKeystore rotatedToK2() {
        return seededK1().rotate("k2", OTHER_SECRET_HEX, GRACE, NOW).keystore();
    }

    private static void assertInvalidToken(String detail, org.junit.jupiter.api.function.Executable call) {
        assertValidationDetail(ValidationKind.INVALID_TOKEN, detail, call);
    }

    @Test
    void mintedTokenVerifiesAgainstTheStoredFields() {
        // given a seeded keystore and a token minted for the stored waitpoint
        WaitpointKeystore keystore = seededK1();
        String token = WaitpointTokenService.mint(keystore, STORED, "create_waitpoint");

        // when verified
        String kid = WaitpointTokenService.verify(token, STORED, keystore, NOW, OP);

        // then it passes under the current kid, and it is the independently computed token
        assertEquals("k1", kid);
        assertEquals(WaitpointTokenTest.KNOWN_TOKEN, token);
    }

    @Test
    void aTokenWithOneHexCharacterFlippedIsInvalid() {
        String token = WaitpointTokenService.mint(seededK1(), STORED, OP);
        char last = token.charAt(token.length() - 1);
        String forged = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');

        assertInvalidToken("invalid_token", () -> WaitpointTokenService.verify(forged, STORED, seededK1(), NOW, OP));
    }

    @Test
    void aTokenOfAnotherWaitpointIsInvalidForThisOne() {
        // given a genuine token minted for another waitpoint of the same execution
        WaitpointTokenFields other = new WaitpointTokenFields(STORED.executionId(), WaitpointId.random(),
                WaitpointKey.of("wpk:other"), STORED.createdAtMs());
        String tokenOfOther = WaitpointTokenService.mint(seededK1(), other, OP);

        // then it does not open this waitpoint
        assertInvalidToken("invalid_token",
                () -> WaitpointTokenService.verify(tokenOfOther, STORED, seededK1(), NOW, OP));
        // nor does a token for this waitpoint with another creation time
        String otherTime = WaitpointTokenService.mint(seededK1(), new WaitpointTokenFields(STORED.executionId(),
                STORED.waitpointId(), STORED.waitpointKey(), STORED.createdAtMs() + 1), OP);
        assertInvalidToken("invalid_token", () -> WaitpointTokenService.verify(otherTime, STORED, seededK1(), NOW, OP));
    }

    @Test
    void emptyOrMissingTokenIsMissingToken() {
        assertInvalidToken("missing_token", () -> WaitpointTokenService.verify("", STORED, seededK1(), NOW, OP));
        assertInvalidToken("missing_token", () -> WaitpointTokenService.verify(null, STORED, seededK1(), NOW, OP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k1", "33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f094",
            "k1:33e8322be75861b191a1cb8a2d1377e2670bc9e378d8f6893a322c3e53d2f09",
            "k1:33E8322BE75861B191A1CB8A2D1377E2670BC9E378D8F6893A322C3E53D2F094", " ", "k1:"})
    void malformedTokenIsInvalidTokenEvenOnAnEmptyKeystore(String token) {
        assertInvalidToken("invalid_token", () -> WaitpointTokenService.verify(token, STORED, seededK1(), NOW, OP));
        // step 1 runs before the keystore is looked at
        assertInvalidToken("invalid_token",
                () -> WaitpointTokenService.verify(token, STORED, WaitpointKeystore.EMPTY, NOW, OP));
    }

    @Test
    void aTokenUnderAnUnknownKidIsInvalid() {
        String token = WaitpointTokenService.mint(seededK1(), STORED, OP).replace("k1:", "k9:");

        assertInvalidToken("invalid_token", () -> WaitpointTokenService.verify(token, STORED, seededK1(), NOW, OP));
    }

    @Test
    void aRotatedOutKidVerifiesInsideItsGraceAndExpiresAfter() {
        // given a token minted under k1, then a rotation to k2 with a 60 s grace at NOW
        String oldToken = WaitpointTokenService.mint(seededK1(), STORED, OP);
        WaitpointKeystore keystore = rotatedToK2();

        // then it still verifies up to and including the grace end
        assertEquals("k1", WaitpointTokenService.verify(oldToken, STORED, keystore, NOW, OP));
        assertEquals("k1", WaitpointTokenService.verify(oldToken, STORED, keystore, NOW + GRACE, OP));
        // and one millisecond later it is expired
        assertInvalidToken("token_expired",
                () -> WaitpointTokenService.verify(oldToken, STORED, keystore, NOW + GRACE + 1, OP));
        // while new tokens are signed by k2 and verify
        String newToken = WaitpointTokenService.mint(keystore, STORED, OP);
        assertEquals("k2", newToken.substring(0, 2));
        assertEquals("k2", WaitpointTokenService.verify(newToken, STORED, keystore, NOW + GRACE + 1, OP));
    }

    @Test
    void anExpiredKidWithAForgedDigestStillReportsTokenExpired() {
        String forged = "k1:" + "0".repeat(64);

        assertInvalidToken("token_expired",
                () -> WaitpointTokenService.verify(forged, STORED, rotatedToK2(), NOW + GRACE + 1, OP));
    }

    @Test
    void emptyKeystoreIsUnavailableNamingTheOp() {
        EngineException e = assertThrows(EngineException.class,
                () -> WaitpointTokenService.verify(WaitpointTokenTest.KNOWN_TOKEN, STORED, WaitpointKeystore.EMPTY,
                        NOW, "deliver_signal"));
        EngineError.Unavailable u = assertInstanceOf(EngineError.Unavailable.class, e.error());
        assertEquals("deliver_signal (hmac_secret_not_initialized)", u.op());

        EngineException mint = assertThrows(EngineException.class,
                () -> WaitpointTokenService.mint(WaitpointKeystore.EMPTY, STORED, "create_waitpoint"));
        assertEquals(new EngineError.Unavailable("create_waitpoint (hmac_secret_not_initialized)"), mint.error());
    }

    @Test
    void anEmptyTokenIsMissingBeforeTheKeystoreIsConsulted() {
        assertInvalidToken("missing_token",
                () -> WaitpointTokenService.verify("", STORED, WaitpointKeystore.EMPTY, NOW, OP));
    }
}
