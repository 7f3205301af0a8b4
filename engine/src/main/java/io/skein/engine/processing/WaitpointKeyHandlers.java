package io.skein.engine.processing;

import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.SeedWaitpointHmacSecretResult;
import io.skein.core.api.VerifyingKid;
import io.skein.core.api.WaitpointHmacKids;
import io.skein.core.api.WaitpointHmacRotation;
import io.skein.core.api.WaitpointHmacRotationEntry;
import io.skein.core.hmac.HmacKey;
import io.skein.core.hmac.KeystoreChange;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.engine.EngineUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The global waitpoint HMAC keystore's seeding, rotation and listing (spec 04 §1.3). The pure transition lives in
 * {@link WaitpointKeystore}; this handler loads, applies and persists it in one unit.
 */
public final class WaitpointKeyHandlers {

    /** Skein has one global keystore, reported as partition 0 (spec 02 §6). */
    static final int KEYSTORE_PARTITION = 0;

    /**
     * Seeds {@code kid} into an empty keystore (boot preparation, spec 02 §12, and {@code seedWaitpointHmacSecret}):
     * {@code Seeded} when it wrote, {@code AlreadySeeded} when {@code kid} is already current (a stored keystore wins;
     * {@code sameSecret} says whether the offered secret matches); another current kid is {@code InvalidInput}.
     */
    public KeystoreChange seedIfEmpty(EngineUnit unit, String kid, String secretHex) {
        KeystoreChange change = unit.keystore().load().seed(kid, secretHex, unit.now());
        if (change.changed()) {
            unit.keystore().replace(change.keystore());
        }
        return change;
    }

    /** {@code seedWaitpointHmacSecret} (spec 02 §6). */
    public SeedWaitpointHmacSecretResult seed(EngineUnit unit, SeedWaitpointHmacSecretArgs args) {
        KeystoreChange change = seedIfEmpty(unit, args.kid(), args.secretHex());
        if (change instanceof KeystoreChange.AlreadySeeded already) {
            return new SeedWaitpointHmacSecretResult.AlreadySeeded(already.kid(), already.sameSecret());
        }
        return new SeedWaitpointHmacSecretResult.Seeded(args.kid());
    }

    /**
     * Rotates to {@code newKid}: {@code Rotated} (the old kid verifies until {@code now + grace}, retired kids past
     * grace are collected), {@code Noop} for the current kid with its own secret, and
     * {@code Conflict(RotationConflict)} for the current kid with another secret.
     */
    public RotateWaitpointHmacSecretAllResult rotate(EngineUnit unit, RotateWaitpointHmacSecretAllArgs args) {
        WaitpointKeystore keystore = unit.keystore().load();
        KeystoreChange change = keystore.rotate(args.newKid(), args.newSecretHex(), args.graceMs(), unit.now());
        WaitpointHmacRotation result;
        if (change instanceof KeystoreChange.Rotated rotated) {
            unit.keystore().replace(rotated.keystore());
            result = new WaitpointHmacRotation.Rotated(rotated.previousKid(), rotated.newKid(), rotated.gcCount());
        } else {
            result = new WaitpointHmacRotation.Noop(args.newKid());
        }
        return new RotateWaitpointHmacSecretAllResult(List.of(new WaitpointHmacRotationEntry(KEYSTORE_PARTITION,
                result)));
    }

    /** The current kid and the retired kids still inside their grace. */
    public WaitpointHmacKids listKids(EngineUnit unit) {
        WaitpointKeystore keystore = unit.keystore().load();
        List<VerifyingKid> verifying = new ArrayList<>();
        for (HmacKey key : keystore.verifyingAt(unit.now())) {
            verifying.add(new VerifyingKid(key.kid(), key.expiresAtMs()));
        }
        return new WaitpointHmacKids(keystore.currentKid(), verifying);
    }
}
