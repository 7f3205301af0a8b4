package io.skein.core.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.FailureClass;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryPolicyTest {

    private static final Random SEEDED = new Random(7);

    @Test
    void defaultExponentialBackoffDoublesFromOneSecondAndCapsAtSixtySeconds() {
        long[] expected = {1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000};
        for (int retry = 0; retry < expected.length; retry++) {
            assertEquals(expected[retry], BackoffPolicy.DEFAULT.delayMs(retry, SEEDED), "retry " + retry);
        }
        assertEquals(60_000, BackoffPolicy.DEFAULT.delayMs(10_000, SEEDED));
    }

    @Test
    void fractionalMultipliersRoundToTheNearestMillisecond() {
        BackoffPolicy b = new BackoffPolicy.Exponential(1000, 1.1, 100_000, false);
        assertEquals(1000, b.delayMs(0, SEEDED));
        assertEquals(1100, b.delayMs(1, SEEDED));
        assertEquals(1210, b.delayMs(2, SEEDED));
    }

    @Test
    void anInitialDelayAboveTheCapIsCapped() {
        assertEquals(500, new BackoffPolicy.Exponential(1000, 2.0, 500, false).delayMs(0, SEEDED));
    }

    @Test
    void fixedBackoffIsTheSameEveryTime() {
        BackoffPolicy b = new BackoffPolicy.Fixed(250, false);
        assertEquals(250, b.delayMs(0, SEEDED));
        assertEquals(250, b.delayMs(9, SEEDED));
    }

    @Test
    void jitterDrawsUniformlyBetweenHalfTheDelayAndTheDelay() {
        BackoffPolicy b = new BackoffPolicy.Exponential(1000, 2.0, 60_000, true);
        Random random = new Random(42);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long d = b.delayMs(1, random);
            assertTrue(d >= 1000 && d <= 2000, "delay " + d + " outside [1000, 2000]");
            seen.add(d);
        }
        assertTrue(seen.size() > 500, "jitter should spread the delays, saw " + seen.size() + " distinct values");
        assertTrue(seen.stream().anyMatch(d -> d < 1100) && seen.stream().anyMatch(d -> d > 1900));

        BackoffPolicy fixed = new BackoffPolicy.Fixed(3, true);
        Set<Long> small = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            small.add(fixed.delayMs(0, random));
        }
        assertEquals(Set.of(1L, 2L, 3L), small);
    }

    @ParameterizedTest
    @EnumSource(value = FailureClass.class, names = {"PERMANENT", "CANCELLED"})
    void permanentAndCancelledFailuresNeverRetry(FailureClass failureClass) {
        RetryPolicy generous = new RetryPolicy(100, BackoffPolicy.DEFAULT, List.of());
        assertFalse(generous.canRetry(failureClass, 0));
        assertEquals(new RetryDecision.Exhausted(), generous.decide(failureClass, 0, SEEDED));
    }

    @ParameterizedTest
    @EnumSource(value = FailureClass.class, names = {"TRANSIENT", "INFRA_CRASH", "TIMEOUT"})
    void retryableClassesRetryUntilMaxRetriesAreScheduled(FailureClass failureClass) {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertEquals(new RetryDecision.Retry(1000), policy.decide(failureClass, 0, SEEDED));
        assertEquals(new RetryDecision.Retry(4000), policy.decide(failureClass, 2, SEEDED));
        assertEquals(new RetryDecision.Exhausted(), policy.decide(failureClass, 3, SEEDED));
    }

    @Test
    void unknownFailureCategoriesAreTransient() {
        assertEquals(FailureClass.TRANSIENT, FailureClass.parse("disk_on_fire"));
        assertEquals(FailureClass.TRANSIENT, FailureClass.parse(null));
        assertEquals(FailureClass.INFRA_CRASH, FailureClass.parse("infra_crash"));
    }
}
