package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Conformance A1: SQLite starts only with FF_DEV_MODE=1 and then warns exactly once. */
class DevModeGuardTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger storeLogger = (Logger) LoggerFactory.getLogger(SqliteDatabase.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        storeLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        storeLogger.detachAppender(logs);
    }

    @ParameterizedTest(name = "FF_DEV_MODE={0}")
    @NullSource
    @ValueSource(strings = {"true", "yes", "", "0", " 1", "1 "})
    void givenDevModeNotExactlyOne_whenOpening_thenRefusedWithTheSpecMessageAndNoFileIsCreated(String value) {
        // given
        Map<String, String> env = new HashMap<>();
        env.put("FF_DEV_MODE", value);
        Path db = dir.resolve("guarded.db");

        // when
        BackendStartException refused = assertThrows(BackendStartException.class,
                () -> SqliteDatabase.open(SqliteOptions.of(db.toString()).withEnv(env::get)));

        // then
        assertEquals(StartFailure.REQUIRES_DEV_MODE, refused.failure());
        assertEquals("SqliteBackend requires FF_DEV_MODE=1 to activate. SQLite is dev-only: single process, "
                + "single writer.", refused.getMessage());
        assertFalse(refused.isRetryable());
        assertFalse(Files.exists(db), "no database file");
        assertFalse(Files.exists(dir.resolve("guarded.db-skein.lock")), "no lock file");
        assertTrue(logs.list.isEmpty(), "no banner for a refused start");
    }

    @Test
    void givenDevModeOne_whenOpeningTwice_thenStartsWithExactlyOneWarnBanner() {
        // given
        Path db = dir.resolve("dev.db");

        // when
        SqliteDatabase first = SqliteDatabase.open(TestStores.options(db));
        SqliteDatabase second = SqliteDatabase.open(TestStores.options(db));

        // then
        try {
            assertSame(first, second);
            assertTrue(Files.exists(db));
            long banners = logs.list.stream()
                    .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().equals(SqliteDatabase.BANNER))
                    .count();
            assertEquals(1, banners);
            assertEquals("Skein SQLite backend active (FF_DEV_MODE=1). Dev-only: single writer, single process, "
                    + "not for production.", SqliteDatabase.BANNER);
        } finally {
            second.close();
            first.close();
        }
    }
}
