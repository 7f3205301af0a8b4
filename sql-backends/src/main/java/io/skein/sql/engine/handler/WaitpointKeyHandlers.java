package io.skein.sql.engine.handler;

import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.VerifyingKid;
import io.skein.core.api.WaitpointHmacKids;
import io.skein.core.api.WaitpointHmacRotation;
import io.skein.core.api.WaitpointHmacRotationEntry;
import io.skein.core.hmac.HmacKey;
import io.skein.core.hmac.KeystoreChange;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.sql.engine.KeystoreStore;
import io.skein.sql.engine.Tx;
import java.util.ArrayList;
import java.util.List;

/**
 * The global waitpoint HMAC keystore's rotation and listing (spec 04 §1.3). The pure transition lives in
 * {@link WaitpointKeystore}; this handler loads, applies and persists it in one unit.
 */
public final class WaitpointKeyHandlers {

    /** Skein has one global keystore, reported as partition 0 (spec 02 §6). */
    static final int KEYSTORE_PARTITION = 0;

    /**
     * Rotates to {@code newKid}: {@code Rotated} (the old kid verifies until {@code now + grace}, retired kids past
     * grace are collected), {@code Noop} for the current kid with its own secret, and
     * {@code Conflict(RotationConflict)} for the current kid with another secret.
     */
    public RotateWaitpointHmacSecretAllResult rotate(Tx tx, RotateWaitpointHmacSecretAllArgs args) {
        WaitpointKeystore keystore = KeystoreStore.load(tx);
        KeystoreChange change = keystore.rotate(args.newKid(), args.newSecretHex(), args.graceMs(), tx.now());
        WaitpointHmacRotation result;
        if (change instanceof KeystoreChange.Rotated rotated) {
            KeystoreStore.replace(tx, rotated.keystore());
            result = new WaitpointHmacRotation.Rotated(rotated.previousKid(), rotated.newKid(), rotated.gcCount());
        } else {
            result = new WaitpointHmacRotation.Noop(args.newKid());
        }
        return new RotateWaitpointHmacSecretAllResult(List.of(new WaitpointHmacRotationEntry(KEYSTORE_PARTITION,
                result)));
    }

    /** The current kid and the retired kids still inside their grace. */
    public WaitpointHmacKids listKids(Tx tx) {
        WaitpointKeystore keystore = KeystoreStore.load(tx);
        List<VerifyingKid> verifying = new ArrayList<>();
        for (HmacKey key : keystore.verifyingAt(tx.now())) {
            verifying.add(new VerifyingKid(key.kid(), key.expiresAtMs()));
        }
        return new WaitpointHmacKids(keystore.currentKid(), verifying);
    }
}
