package io.skein.sql.uow;

import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a database call, retrying serialization failures (SQLite BUSY/LOCKED, PostgreSQL 40001/40P01/55P03) up to
 * {@code retries} times with {@code baseDelayMs × 2^n} backoff, then failing with the non-retryable
 * {@code Contention(RetryExhausted)} (spec 03 §1). A creation race (PostgreSQL unique violation) is retried once: the
 * retried unit sees the winner's row and answers as it would after it; if the same failure comes back it is a real
 * clash and the dialect maps it (a typed conflict), never {@code RetryExhausted}. Every other {@link SQLException} is
 * mapped by the dialect, normally to {@code Transport}. Runtime exceptions (typed engine rejections included) pass
 * through untouched.
 */
public final class ContentionRetry {

    /** Spec 03 §1: three retries, 5 ms × 2^n. */
    public static final int DEFAULT_RETRIES = 3;
    public static final long DEFAULT_BASE_DELAY_MS = 5;

    private final int retries;
    private final long baseDelayMs;
    private final Sleeper sleeper;
    private final Predicate<SQLException> isContention;
    private final Predicate<SQLException> isRace;
    private final Function<SQLException, EngineException> otherFailure;

    public ContentionRetry(int retries, long baseDelayMs, Sleeper sleeper, Predicate<SQLException> isContention,
                           Function<SQLException, EngineException> otherFailure) {
        this(retries, baseDelayMs, sleeper, isContention, e -> false, otherFailure);
    }

    /** @param isRace failures retried once only; a second one goes to {@code otherFailure} */
    public ContentionRetry(int retries, long baseDelayMs, Sleeper sleeper, Predicate<SQLException> isContention,
                           Predicate<SQLException> isRace, Function<SQLException, EngineException> otherFailure) {
        if (retries < 0 || baseDelayMs < 0) {
            throw new IllegalArgumentException("retries and baseDelayMs must not be negative");
        }
        this.retries = retries;
        this.baseDelayMs = baseDelayMs;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.isContention = Objects.requireNonNull(isContention, "isContention");
        this.isRace = Objects.requireNonNull(isRace, "isRace");
        this.otherFailure = Objects.requireNonNull(otherFailure, "otherFailure");
    }

    /** The spec's policy (3 retries, 5 ms base) with real sleeping. */
    public static ContentionRetry standard(Predicate<SQLException> isContention,
                                           Function<SQLException, EngineException> otherFailure) {
        return new ContentionRetry(DEFAULT_RETRIES, DEFAULT_BASE_DELAY_MS, Sleeper.SYSTEM, isContention, otherFailure);
    }

    /** The spec's policy plus creation races retried once (see the class comment). */
    public static ContentionRetry standard(Predicate<SQLException> isContention, Predicate<SQLException> isRace,
                                           Function<SQLException, EngineException> otherFailure) {
        return new ContentionRetry(DEFAULT_RETRIES, DEFAULT_BASE_DELAY_MS, Sleeper.SYSTEM, isContention, isRace,
                otherFailure);
    }

    public <T> T run(SqlAttempt<T> attempt) {
        boolean raceRetried = false;
        for (int retry = 0; ; retry++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (isRace.test(e)) {
                    if (raceRetried || retry >= retries) {
                        throw otherFailure.apply(e);
                    }
                    raceRetried = true;
                    pause(baseDelayMs << retry, e);
                    continue;
                }
                if (!isContention.test(e)) {
                    throw otherFailure.apply(e);
                }
                if (retry >= retries) {
                    throw new EngineException(new EngineError.Contention(ContentionKind.RETRY_EXHAUSTED,
                            retries + " retries after contention failed: " + e.getMessage(), null), e);
                }
                pause(baseDelayMs << retry, e);
            }
        }
    }

    private void pause(long millis, SQLException cause) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EngineException(new EngineError.Transport(TransportKind.TRANSPORT,
                    "interrupted while waiting to retry after contention: " + cause.getMessage()), cause);
        }
    }
}
