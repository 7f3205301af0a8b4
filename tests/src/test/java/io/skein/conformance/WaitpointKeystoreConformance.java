package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.SeedWaitpointHmacSecretResult;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.WaitpointHmacRotation;
import io.skein.core.api.WaitpointHmacRotationEntry;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.WaitpointKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checklist H10, H11 and M6: rotation with grace, seeding, forged and rotated-out tokens. */
class WaitpointKeystoreConformance extends SignalConformance {

    static final String SECRET_2 = "0123456789abcdef".repeat(4);
    static final String SECRET_3 = "fedcba9876543210".repeat(4);

    RotateWaitpointHmacSecretAllResult rotate(String kid, String secret, long graceMs) {
        return backend.rotateWaitpointHmacSecretAll(new RotateWaitpointHmacSecretAllArgs(kid, secret, graceMs));
    }

    static WaitpointHmacRotation only(RotateWaitpointHmacSecretAllResult r) {
        assertEquals(1, r.entries().size(), "one global keystore, one entry");
        WaitpointHmacRotationEntry entry = r.entries().get(0);
        assertEquals(0, entry.partition());
        return entry.result();
    }

    @Test
    void h10_rotationKeepsOldTokensValidForTheGraceWindow() {
        Claimed c = claimedSolo();
        PendingWaitpoint old = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:old"), Duration.ofHours(1));
        PendingWaitpoint second = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:old2"), Duration.ofHours(1));

        assertEquals(new WaitpointHmacRotation.Rotated(KID, "k2", 0), only(rotate("k2", SECRET_2, 60_000)));

        accepted(signal(c.id(), old.waitpointId(), old.hmacToken(), "x").deliver(),
                SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        PendingWaitpoint fresh = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:new"), Duration.ofHours(1));
        assertTrue(fresh.hmacToken().startsWith("k2:"), "new waitpoints carry the new kid");
        assertEquals(KID, backend.listWaitpointHmacKids().verifying().get(0).kid());

        clock.advance(60_001);
        EngineError.Validation expired = expectRejectedUnchanged(EngineError.Validation.class,
                signal(c.id(), second.waitpointId(), second.hmacToken(), "x")::deliver);
        assertEquals(ValidationKind.INVALID_TOKEN, expired.kind());
        assertEquals("token_expired", expired.detail());
        accepted(signal(c.id(), fresh.waitpointId(), fresh.hmacToken(), "x").deliver(),
                SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);

        assertEquals(new WaitpointHmacRotation.Noop("k2"), only(rotate("k2", SECRET_2, 60_000)));
        EngineError.Conflict conflict = expectRejectedUnchanged(EngineError.Conflict.class,
                () -> rotate("k2", SECRET_3, 60_000));
        assertEquals(ConflictKind.ROTATION_CONFLICT, conflict.kind());
        assertEquals(new WaitpointHmacRotation.Rotated("k2", "k3", 1), only(rotate("k3", SECRET_3, 60_000)));
    }

    @Test
    void h11_seedingAndKeyValidation() {
        // given (raw): a store started without a configured secret
        fx.exec("DELETE FROM ff_waitpoint_hmac");
        assertEquals(new SeedWaitpointHmacSecretResult.Seeded(KID),
                backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(KID, SECRET_HEX)));
        assertEquals(new SeedWaitpointHmacSecretResult.AlreadySeeded(KID, true),
                backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(KID, SECRET_HEX)));
        assertEquals(new SeedWaitpointHmacSecretResult.AlreadySeeded(KID, false),
                backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(KID, SECRET_2)));
        EngineError.Validation otherKid = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("k9", SECRET_2)));
        assertEquals(ValidationKind.INVALID_INPUT, otherKid.kind());

        // the secret was not changed by the AlreadySeeded{false} call: old tokens still verify
        Claimed c = claimedSolo();
        PendingWaitpoint w = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:s"), Duration.ofHours(1));
        assertEquals(new SeedWaitpointHmacSecretResult.AlreadySeeded(KID, true),
                backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(KID, SECRET_HEX)));
        accepted(signal(c.id(), w.waitpointId(), w.hmacToken(), "x").deliver(),
                SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);

        assertEquals(ValidationKind.INVALID_INPUT, expectError(EngineError.Validation.class,
                () -> new SeedWaitpointHmacSecretArgs(KID, SECRET_HEX.substring(1))).kind());
        assertEquals(ValidationKind.INVALID_INPUT, expectError(EngineError.Validation.class,
                () -> new SeedWaitpointHmacSecretArgs(KID, "zz" + SECRET_HEX.substring(2))).kind());
        assertEquals(ValidationKind.INVALID_KID, expectError(EngineError.Validation.class,
                () -> rotate("a:b", SECRET_2, 0)).kind());
        assertEquals(ValidationKind.INVALID_SECRET_HEX, expectError(EngineError.Validation.class,
                () -> rotate("k2", "abc", 0)).kind());
        assertEquals(ValidationKind.INVALID_GRACE_MS, expectError(EngineError.Validation.class,
                () -> rotate("k2", SECRET_2, -1)).kind());
    }

    @Test
    void m6_forgedExpiredAndRotatedOutTokensChangeNothing() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = assertInstanceOfSuspended(c);
        String token = s.details().waitpointToken();
        String randomDigest = KID + ":" + "ab".repeat(32);
        String unknownKid = "nobody" + token.substring(token.indexOf(':'));
        String otherWaitpoints = s.details().additionalWaitpoints().get(0).waitpointToken();
        rotate("k2", SECRET_2, 1_000);
        clock.advance(1_001);

        for (String forged : List.of(randomDigest, unknownKid, otherWaitpoints, token)) {
            EngineError.Validation err = expectRejectedUnchanged(EngineError.Validation.class,
                    signal(c.id(), s.details().waitpointId(), forged, "go")::deliver);
            assertEquals(ValidationKind.INVALID_TOKEN, err.kind());
        }
    }

    SuspendOutcome.Suspended assertInstanceOfSuspended(Claimed c) {
        return org.junit.jupiter.api.Assertions.assertInstanceOf(SuspendOutcome.Suspended.class,
                backend.suspend(c.handle(), suspendArgs(List.of(fresh("wpk:a"), fresh("wpk:b")),
                        single("wpk:a", wildcard()))));
    }
}
