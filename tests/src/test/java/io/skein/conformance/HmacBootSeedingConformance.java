package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.skein.core.api.PrepareOutcome;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checklist A18 [store], SQLite: {@code prepare()} seeds an empty keystore from the configured kid and secret; a
 * restart with another secret keeps the stored one (the keystore only changes by rotation).
 */
class HmacBootSeedingConformance {

    private static final String FIRST = "ab".repeat(32);
    private static final String SECOND = "cd".repeat(32);

    @TempDir
    Path dir;

    private SqliteBackend open(Path file, io.skein.sql.engine.HmacSeed seed) {
        return SqliteBackend.open(SqliteOptions.of(file.toString()).withEnv(Map.of("FF_DEV_MODE", "1")::get), seed);
    }

    private static String storedSecret(SqliteBackend backend, String kid) {
        return backend.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM ff_waitpoint_hmac WHERE kid = ?")) {
                ps.setString(1, kid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? HexFormat.of().formatHex(rs.getBytes(1)) : null;
                }
            }
        });
    }

    @Test
    void a18_anEmptyKeystoreIsSeededAtPrepareAndARestartWithAnotherSecretKeepsTheStoredOne() {
        Path file = dir.resolve("a18.db");
        try (SqliteBackend first = open(file, new io.skein.sql.engine.HmacSeed("k1", FIRST))) {
            assertEquals(null, first.listWaitpointHmacKids().currentKid(), "nothing before prepare");

            PrepareOutcome seeded = first.prepare();

            assertInstanceOf(PrepareOutcome.Applied.class, seeded);
            assertEquals("k1", first.listWaitpointHmacKids().currentKid());
            assertEquals(FIRST, storedSecret(first, "k1"));
            assertInstanceOf(PrepareOutcome.NoOp.class, first.prepare(), "prepare again changes nothing");
        }

        try (SqliteBackend restarted = open(file, new io.skein.sql.engine.HmacSeed("k1", SECOND))) {
            assertInstanceOf(PrepareOutcome.NoOp.class, restarted.prepare());
            assertEquals("k1", restarted.listWaitpointHmacKids().currentKid());
            assertEquals(FIRST, storedSecret(restarted, "k1"), "the stored secret is kept");
        }
    }

    @Test
    void a18_theConfiguredKidBecomesCurrent() {
        try (SqliteBackend backend = open(dir.resolve("kid.db"), new io.skein.sql.engine.HmacSeed("kid-test", FIRST))) {
            backend.prepare();
            assertEquals("kid-test", backend.listWaitpointHmacKids().currentKid());
        }
    }
}
