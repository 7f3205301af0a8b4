package io.skein.core.hmac;

import static io.skein.core.error.ErrorAssertions.assertValidation;
import static io.skein.core.error.ErrorAssertions.assertValidationDetail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.ConflictKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitpointKeystoreTest {

    private static final String S1 = "1111111111111111111111111111111111111111111111111111111111111111";
    private static final String S2 = "2222222222222222222222222222222222222222222222222222222222222222";
    private static final String S3 = "3333333333333333333333333333333333333333333333333333333333333333";
    private static final String S4 = "4444444444444444444444444444444444444444444444444444444444444444";

    private static WaitpointKeystore seeded(String kid, String secretHex, long now) {
        return WaitpointKeystore.EMPTY.seed(kid, secretHex, now).keystore();
    }

    // ---- seed ----------------------------------------------------------------------------------

    @Test
    void seedOnAnEmptyKeystoreInstallsTheKidAsCurrent() {
        KeystoreChange change = WaitpointKeystore.EMPTY.seed("k1", S1, 100);

        KeystoreChange.Seeded seeded = assertInstanceOf(KeystoreChange.Seeded.class, change);
        assertEquals("k1", seeded.kid());
        assertTrue(seeded.changed());
        assertEquals("k1", seeded.keystore().currentKid());
        assertEquals(HmacSecret.parseHex(S1), seeded.keystore().current().secret());
        assertEquals(100, seeded.keystore().current().rotatedAtMs());
        assertTrue(seeded.keystore().retired().isEmpty());
    }

    @Test
    void seedingTheCurrentKidAgainChangesNothingAndReportsWhetherTheSecretMatches() {
        WaitpointKeystore keystore = seeded("k1", S1, 100);

        KeystoreChange same = keystore.seed("k1", S1, 200);
        KeystoreChange different = keystore.seed("k1", S2, 200);

        assertEquals(new KeystoreChange.AlreadySeeded("k1", true, keystore), same);
        assertEquals(new KeystoreChange.AlreadySeeded("k1", false, keystore), different);
        assertFalse(same.changed());
        assertSame(keystore, different.keystore());
    }

    @Test
    void seedingAnotherKidWhileOneIsCurrentSaysUseRotate() {
        WaitpointKeystore keystore = seeded("k1", S1, 100);

        assertValidationDetail(ValidationKind.INVALID_INPUT, "use rotate", () -> keystore.seed("k2", S2, 200));
    }

    @Test
    void seedRejectsABadKidOrSecretAsInvalidInput() {
        assertValidation(ValidationKind.INVALID_INPUT, "kid", () -> WaitpointKeystore.EMPTY.seed("a:b", S1, 1));
        assertValidation(ValidationKind.INVALID_INPUT, "kid", () -> WaitpointKeystore.EMPTY.seed("", S1, 1));
        assertValidation(ValidationKind.INVALID_INPUT, "secret_hex",
                () -> WaitpointKeystore.EMPTY.seed("k1", S1.substring(2), 1));
        assertValidation(ValidationKind.INVALID_INPUT, "secret_hex",
                () -> WaitpointKeystore.EMPTY.seed("k1", "g" + S1.substring(1), 1));
    }

    // ---- rotate --------------------------------------------------------------------------------

    @Test
    void rotateRetiresTheOldKidWithGraceAndInstallsTheNewOne() {
        // given k1 current
        WaitpointKeystore keystore = seeded("k1", S1, 100);

        // when rotating to k2 at 1000 with a 500 ms grace
        KeystoreChange change = keystore.rotate("k2", S2, 500, 1000);

        // then k2 is current and k1 verifies until 1500
        KeystoreChange.Rotated rotated = assertInstanceOf(KeystoreChange.Rotated.class, change);
        assertEquals("k1", rotated.previousKid());
        assertEquals("k2", rotated.newKid());
        assertEquals(0, rotated.gcCount());
        WaitpointKeystore after = rotated.keystore();
        assertEquals("k2", after.currentKid());
        assertEquals(1000, after.current().rotatedAtMs());
        assertEquals(List.of("k1"), after.retired().stream().map(HmacKey::kid).toList());
        assertEquals(1500L, after.find("k1").orElseThrow().expiresAtMs());
        assertEquals(HmacSecret.parseHex(S1), after.secretFor("k1", 1500));
        assertEquals(HmacSecret.parseHex(S2), after.secretFor("k2", 1500));
    }

    @Test
    void rotateOnAnEmptyKeystoreHasNoPreviousKid() {
        KeystoreChange.Rotated rotated = assertInstanceOf(KeystoreChange.Rotated.class,
                WaitpointKeystore.EMPTY.rotate("k1", S1, 0, 10));

        assertNull(rotated.previousKid());
        assertEquals("k1", rotated.keystore().currentKid());
        assertTrue(rotated.keystore().retired().isEmpty());
    }

    @Test
    void rotateCollectsRetiredKidsWhoseGraceEndedBeforeNow() {
        // given k1 retired until 2500, k2 retired until 2100, k3 current
        WaitpointKeystore keystore = seeded("k1", S1, 0)
                .rotate("k2", S2, 1500, 1000).keystore()
                .rotate("k3", S3, 100, 2000).keystore();
        assertEquals(2500L, keystore.find("k1").orElseThrow().expiresAtMs());
        assertEquals(2100L, keystore.find("k2").orElseThrow().expiresAtMs());

        // when rotating to k4 at 2101: k2 (2100 < 2101) goes, k1 (2500) stays
        KeystoreChange.Rotated rotated = assertInstanceOf(KeystoreChange.Rotated.class,
                keystore.rotate("k4", S4, 100, 2101));

        // then one kid was collected and k3 joined the retired kids
        assertEquals(1, rotated.gcCount());
        assertEquals(List.of("k2"), rotated.collectedKids());
        assertEquals("k3", rotated.previousKid());
        assertEquals(List.of("k1", "k3"), rotated.keystore().retired().stream().map(HmacKey::kid).toList());
        assertTrue(rotated.keystore().find("k2").isEmpty());
    }

    @Test
    void aRetiredKidWhoseGraceEndsExactlyNowIsNotCollected() {
        WaitpointKeystore keystore = seeded("k1", S1, 0).rotate("k2", S2, 100, 1000).keystore();

        KeystoreChange.Rotated rotated = assertInstanceOf(KeystoreChange.Rotated.class,
                keystore.rotate("k3", S3, 100, 1100));

        assertEquals(0, rotated.gcCount());
        assertEquals(List.of("k1", "k2"), rotated.keystore().retired().stream().map(HmacKey::kid).toList());
    }

    @Test
    void rotatingToTheCurrentKidWithItsSecretIsNoop() {
        WaitpointKeystore keystore = seeded("k1", S1, 0);

        KeystoreChange change = keystore.rotate("k1", S1.toUpperCase(), 100, 1000);

        assertEquals(new KeystoreChange.Noop("k1", keystore), change);
        assertFalse(change.changed());
    }

    @Test
    void rotatingToTheCurrentKidWithAnotherSecretIsRotationConflictNamingTheKid() {
        WaitpointKeystore keystore = seeded("k1", S1, 0);

        EngineException e = assertThrows(EngineException.class, () -> keystore.rotate("k1", S2, 100, 1000));

        assertEquals(new EngineError.Conflict(ConflictKind.ROTATION_CONFLICT, "k1"), e.error());
    }

    @Test
    void rotateValidatesKidThenSecretThenGrace() {
        WaitpointKeystore keystore = seeded("k1", S1, 0);

        assertValidation(ValidationKind.INVALID_KID, "new_kid", () -> keystore.rotate("a:b", "bad", -1, 1));
        assertValidation(ValidationKind.INVALID_KID, "new_kid", () -> keystore.rotate("k".repeat(65), S2, 0, 1));
        assertValidation(ValidationKind.INVALID_SECRET_HEX, "new_secret_hex", () -> keystore.rotate("k2", "bad", -1, 1));
        assertValidation(ValidationKind.INVALID_SECRET_HEX, "new_secret_hex",
                () -> keystore.rotate("k2", S2 + "00", 0, 1));
        assertValidation(ValidationKind.INVALID_GRACE_MS, "grace_ms", () -> keystore.rotate("k2", S2, -1, 1));
        assertValidation(ValidationKind.INVALID_GRACE_MS, "grace_ms",
                () -> keystore.rotate("k2", S2, WaitpointKeystore.MAX_GRACE_MS + 1, 1));
    }

    @Test
    void graceBoundsAreZeroAndTwoToThe53MinusOne() {
        assertEquals(0, WaitpointKeystore.validateGraceMs(0));
        assertEquals(9_007_199_254_740_991L, WaitpointKeystore.validateGraceMs(9_007_199_254_740_991L));

        // a zero grace retires the old kid at exactly now: it still verifies at now, not one ms later
        WaitpointKeystore keystore = seeded("k1", S1, 0).rotate("k2", S2, 0, 1000).keystore();
        assertEquals(HmacSecret.parseHex(S1), keystore.secretFor("k1", 1000));
        assertValidationDetail(ValidationKind.INVALID_TOKEN, "token_expired", () -> keystore.secretFor("k1", 1001));
    }

    @Test
    void reusingARetiredKidReplacesItsRow() {
        // given k1 retired inside its grace and k2 current
        WaitpointKeystore keystore = seeded("k1", S1, 0).rotate("k2", S2, 10_000, 1000).keystore();

        // when rotating back to k1 with a new secret
        WaitpointKeystore after = keystore.rotate("k1", S3, 10_000, 2000).keystore();

        // then k1 is current with the new secret and only k2 is retired
        assertEquals("k1", after.currentKid());
        assertEquals(HmacSecret.parseHex(S3), after.current().secret());
        assertEquals(List.of("k2"), after.retired().stream().map(HmacKey::kid).toList());
    }

    // ---- lookups and stored rows -----------------------------------------------------------------

    @Test
    void secretForAnUnknownKidIsInvalidToken() {
        assertValidationDetail(ValidationKind.INVALID_TOKEN, "invalid_token",
                () -> seeded("k1", S1, 0).secretFor("k2", 1));
    }

    @Test
    void verifyingListShowsOnlyRetiredKidsInsideTheirGrace() {
        WaitpointKeystore keystore = seeded("k1", S1, 0)
                .rotate("k2", S2, 100, 1000).keystore()
                .rotate("k3", S3, 5000, 2000).keystore();

        assertEquals(List.of("k2"), keystore.verifyingAt(2000).stream().map(HmacKey::kid).toList());
        assertEquals(List.of(), keystore.verifyingAt(7001));
    }

    @Test
    void fromRowsRebuildsTheSameKeystore() {
        WaitpointKeystore keystore = seeded("k1", S1, 0).rotate("k2", S2, 100, 1000).keystore();
        List<HmacKey> rows = List.of(keystore.retired().get(0), keystore.current());

        assertEquals(keystore, WaitpointKeystore.fromRows(rows));
        assertEquals(WaitpointKeystore.EMPTY, WaitpointKeystore.fromRows(List.of()));
    }

    @Test
    void inconsistentStoredRowsAreCorruption() {
        HmacKey k1 = HmacKey.current("k1", HmacSecret.parseHex(S1), 0);
        HmacKey k2 = HmacKey.current("k2", HmacSecret.parseHex(S2), 0);
        HmacKey retiredK1 = new HmacKey("k1", HmacSecret.parseHex(S1), 0, 10L);

        assertValidation(ValidationKind.CORRUPTION, () -> WaitpointKeystore.fromRows(List.of(k1, k2)));
        assertValidation(ValidationKind.CORRUPTION, () -> WaitpointKeystore.fromRows(List.of(retiredK1)));
        assertValidation(ValidationKind.CORRUPTION, () -> new WaitpointKeystore(k1, List.of(retiredK1)));
    }
}
