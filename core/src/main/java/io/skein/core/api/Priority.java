package io.skein.core.api;

/** Execution priority (spec 01 §2): higher runs first; out-of-range values are clamped, never rejected. */
public final class Priority {

    public static final int MIN = 0;
    public static final int MAX = 9000;

    private Priority() {}

    /** {@code priority} clamped to [0, 9000]. */
    public static int clamp(int priority) {
        return Math.max(MIN, Math.min(MAX, priority));
    }

    /** {@code priority} clamped to [0, 9000]; values outside the int range clamp too. */
    public static int clamp(long priority) {
        return (int) Math.max(MIN, Math.min(MAX, priority));
    }
}
