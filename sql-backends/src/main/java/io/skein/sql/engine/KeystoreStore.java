package io.skein.sql.engine;

import io.skein.core.hmac.HmacKey;
import io.skein.core.hmac.HmacSecret;
import io.skein.core.hmac.WaitpointKeystore;
import java.util.List;

/** Reads and replaces the global HMAC keystore {@code ff_waitpoint_hmac} (spec 05 §1.9). */
public final class KeystoreStore {

    private KeystoreStore() {}

    public static WaitpointKeystore load(Tx tx) {
        List<HmacKey> rows = tx.query("SELECT kid, secret, rotated_at_ms, active, expires_at_ms FROM ff_waitpoint_hmac",
                rs -> new HmacKey(rs.getString("kid"), HmacSecret.of(rs.getBytes("secret")), rs.getLong("rotated_at_ms"),
                        rs.getBoolean("active") ? null : Tx.nullableLong(rs, "expires_at_ms")));
        return WaitpointKeystore.fromRows(rows);
    }

    /** Writes {@code keystore} as the whole table content (one unit; exactly one active row). */
    public static void replace(Tx tx, WaitpointKeystore keystore) {
        tx.update("DELETE FROM ff_waitpoint_hmac");
        if (keystore.current() != null) {
            insert(tx, keystore.current(), true);
        }
        for (HmacKey k : keystore.retired()) {
            insert(tx, k, false);
        }
    }

    private static void insert(Tx tx, HmacKey k, boolean active) {
        tx.update("INSERT INTO ff_waitpoint_hmac (kid, secret, rotated_at_ms, active, expires_at_ms) VALUES (?, ?, ?, ?, ?)",
                k.kid(), k.secret().bytes(), k.rotatedAtMs(), active, k.expiresAtMs());
    }
}
