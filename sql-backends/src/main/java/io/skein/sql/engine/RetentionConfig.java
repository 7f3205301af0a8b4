package io.skein.sql.engine;

import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.util.function.Function;

/** {@code FF_RETENTION_MS}: how long terminal executions are kept before timer 14 purges them (spec 05 §4). */
public final class RetentionConfig {

    public static final String ENV = "FF_RETENTION_MS";

    private RetentionConfig() {}

    /**
     * {@value #ENV}: 0 (keep, the default) or a positive age in milliseconds.
     *
     * @throws BackendStartException {@link StartFailure#INVALID_CONFIGURATION} naming the variable
     */
    public static long retentionMsFromEnvironment(Function<String, String> env) {
        String text = env.apply(ENV);
        if (text == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                ENV + " must be 0 (keep) or a positive number of milliseconds, got '" + text + "'");
    }
}
