package io.skein.sql.sqlite;

import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.util.function.Function;

/** The SQLite dev-mode guard (spec 05 §5, D10): SQLite starts only when {@code FF_DEV_MODE} is exactly {@code 1}. */
public final class DevModeGuard {

    public static final String VARIABLE = "FF_DEV_MODE";
    public static final String MESSAGE =
            "SqliteBackend requires FF_DEV_MODE=1 to activate. SQLite is dev-only: single process, single writer.";

    private DevModeGuard() {
    }

    /**
     * @param env environment lookup ({@code System::getenv} in production)
     * @throws BackendStartException {@link StartFailure#REQUIRES_DEV_MODE} with {@link #MESSAGE} unless the variable
     *                               is exactly {@code "1"} ({@code true}, {@code yes}, blank and unset all fail)
     */
    public static void check(Function<String, String> env) {
        if (!"1".equals(env.apply(VARIABLE))) {
            throw new BackendStartException(StartFailure.REQUIRES_DEV_MODE, MESSAGE);
        }
    }
}
