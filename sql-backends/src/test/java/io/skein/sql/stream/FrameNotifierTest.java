package io.skein.sql.stream;

import io.skein.core.api.StreamFrameId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spec 05 §3 (SQLite): waiters registered before reading are woken by publishes, never by polling. */
class FrameNotifierTest {

    private final FrameNotifier notifier = new FrameNotifier();
    private final StreamKey stream = new StreamKey(0, UUID.randomUUID(), 0);

    @Test
    void givenAParkedWaiter_whenAFrameIsPublished_thenItWakesWithinMilliseconds() throws Exception {
        try (FrameNotifier.Subscription sub = notifier.subscribe(stream)) {
            CountDownLatch parked = new CountDownLatch(1);
            CompletableFuture<Long> wokeAfterNanos = CompletableFuture.supplyAsync(() -> {
                parked.countDown();
                boolean woke = sub.await(Duration.ofSeconds(5));
                return woke ? System.nanoTime() : -1L;
            });
            parked.await();
            Thread.sleep(20); // let the waiter park

            long published = System.nanoTime();
            notifier.publish(stream, new StreamFrameId(1, 0));

            long woke = wokeAfterNanos.get(5, TimeUnit.SECONDS);
            assertTrue(woke > 0, "woken, not timed out");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(woke - published) < 200, "woken promptly");
            assertEquals(new StreamFrameId(1, 0), sub.lastPublished());
        }
    }

    @Test
    void givenAPublishBetweenSubscribeAndAwait_whenAwaiting_thenTheWakeIsNotLost() {
        try (FrameNotifier.Subscription sub = notifier.subscribe(stream)) {
            notifier.publish(stream, new StreamFrameId(7, 0)); // lands while the tail runs its first read

            assertTrue(sub.await(Duration.ofMillis(1)));
            assertFalse(sub.await(Duration.ofMillis(1)), "a consumed wake does not fire again");
        }
    }

    @Test
    void givenNoPublish_whenAwaitingWithADeadline_thenItReturnsFalseAfterTheDeadline() {
        try (FrameNotifier.Subscription sub = notifier.subscribe(stream)) {
            long start = System.nanoTime();

            boolean woke = sub.await(Duration.ofMillis(60));

            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(woke);
            assertTrue(waitedMs >= 55 && waitedMs < 1000, "waited " + waitedMs + " ms");
        }
    }

    @Test
    void givenAPublishOnAnotherStream_whenAwaiting_thenThisWaiterSleepsOn() {
        try (FrameNotifier.Subscription sub = notifier.subscribe(stream)) {
            notifier.publish(new StreamKey(0, stream.executionId(), 1), new StreamFrameId(1, 0));

            assertFalse(sub.await(Duration.ofMillis(20)));
        }
    }

    @Test
    void givenParkedWaiters_whenWakeAll_thenEveryOneWakes() throws Exception {
        StreamKey other = new StreamKey(3, UUID.randomUUID(), 2);
        try (FrameNotifier.Subscription a = notifier.subscribe(stream);
             FrameNotifier.Subscription b = notifier.subscribe(other)) {
            CompletableFuture<Boolean> wa = CompletableFuture.supplyAsync(() -> a.await(Duration.ofSeconds(5)));
            CompletableFuture<Boolean> wb = CompletableFuture.supplyAsync(() -> b.await(Duration.ofSeconds(5)));
            Thread.sleep(20);

            notifier.wakeAll();

            assertTrue(wa.get(2, TimeUnit.SECONDS));
            assertTrue(wb.get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void givenSubscriptionsClosed_whenCounting_thenTheirChannelsAreReleased() {
        FrameNotifier.Subscription a = notifier.subscribe(stream);
        FrameNotifier.Subscription b = notifier.subscribe(stream);
        assertEquals(1, notifier.watchedStreams());

        a.close();
        assertEquals(1, notifier.watchedStreams());
        b.close();
        b.close();

        assertEquals(0, notifier.watchedStreams());
    }
}
