package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conformance A2 (process part): a second process on the same file fails to start; once released it starts. */
class SecondProcessTest {

    @TempDir
    Path dir;

    @Test
    void givenADatabaseOpenInThisProcess_whenAnotherProcessOpensIt_thenThatProcessIsRefusedAsLocked()
            throws Exception {
        // given
        Path db = dir.resolve("shared.db");
        ProbeResult refused;
        try (SqliteDatabase open = SqliteDatabase.open(TestStores.options(db))) {

            // when
            refused = runProbe(db);
            assertTrue(!open.isClosed(), "this process still holds the database");
        }

        // then
        assertEquals(3, refused.exitCode(), refused.output());
        assertTrue(refused.output().startsWith("REFUSED DATABASE_LOCKED"), refused.output());
        assertTrue(refused.output().contains("shared.db-skein.lock"), refused.output());

        // and after this process closed it, another process starts
        ProbeResult opened = runProbe(db);
        assertEquals(0, opened.exitCode(), opened.output());
    }

    private static ProbeResult runProbe(Path db) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SecondProcessProbe.class.getName(), db.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe process did not finish within 30 s");
        }
        String verdict = out.lines().filter(l -> l.startsWith("REFUSED") || l.startsWith("OPENED"))
                .findFirst().orElse(out);
        return new ProbeResult(process.exitValue(), verdict);
    }

    private record ProbeResult(int exitCode, String output) {
    }
}
