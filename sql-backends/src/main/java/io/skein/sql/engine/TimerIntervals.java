package io.skein.sql.engine;

import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How often each direct-mode timer loop runs (spec 05 §4 "Interval (env)"). Every {@link EngineTimer} has a positive
 * interval; {@link #defaults()} are the values of the spec table.
 */
public record TimerIntervals(Map<EngineTimer, Duration> intervals) {

    public TimerIntervals {
        Objects.requireNonNull(intervals, "intervals");
        EnumMap<EngineTimer, Duration> copy = new EnumMap<>(EngineTimer.class);
        for (EngineTimer timer : EngineTimer.values()) {
            Duration d = intervals.get(timer);
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("interval of " + timer.timerName() + " must be positive, got " + d);
            }
            copy.put(timer, d);
        }
        intervals = Collections.unmodifiableMap(copy);
    }

    /** The intervals of the spec 05 §4 table. */
    public static TimerIntervals defaults() {
        EnumMap<EngineTimer, Duration> map = new EnumMap<>(EngineTimer.class);
        for (EngineTimer timer : EngineTimer.values()) {
            map.put(timer, timer.defaultInterval());
        }
        return new TimerIntervals(map);
    }

    /** The same interval for every timer (tests use short ones). */
    public static TimerIntervals every(Duration interval) {
        EnumMap<EngineTimer, Duration> map = new EnumMap<>(EngineTimer.class);
        for (EngineTimer timer : EngineTimer.values()) {
            map.put(timer, interval);
        }
        return new TimerIntervals(map);
    }

    /**
     * The defaults overridden by each timer's {@code FF_*_INTERVAL_MS} / {@code FF_*_INTERVAL_S} variable that is set.
     *
     * @throws BackendStartException {@link StartFailure#INVALID_CONFIGURATION} naming the variable when a value is
     *                               not a positive integer
     */
    public static TimerIntervals fromEnvironment(Function<String, String> env) {
        EnumMap<EngineTimer, Duration> map = new EnumMap<>(EngineTimer.class);
        for (EngineTimer timer : EngineTimer.values()) {
            String text = env.apply(timer.intervalVariable());
            map.put(timer, text == null ? timer.defaultInterval() : parse(timer, text));
        }
        return new TimerIntervals(map);
    }

    private static Duration parse(EngineTimer timer, String text) {
        String unit = timer.intervalInMillis() ? "milliseconds" : "seconds";
        try {
            long value = Long.parseLong(text.strip());
            if (value > 0) {
                return timer.intervalInMillis() ? Duration.ofMillis(value) : Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                timer.intervalVariable() + " must be a positive integer (" + unit + "), got '" + text + "'");
    }

    /** This configuration with {@code timer} running every {@code interval}. */
    public TimerIntervals with(EngineTimer timer, Duration interval) {
        EnumMap<EngineTimer, Duration> map = new EnumMap<>(intervals);
        map.put(timer, interval);
        return new TimerIntervals(map);
    }

    public Duration of(EngineTimer timer) {
        return intervals.get(timer);
    }
}
