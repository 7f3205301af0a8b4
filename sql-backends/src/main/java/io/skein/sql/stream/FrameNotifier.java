package io.skein.sql.stream;

import io.skein.core.api.StreamFrameId;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process tail wake-ups for a store used by one process (spec 05 §3, SQLite row): writers {@link #publish} a
 * stream's new frame id after their unit commits; tails {@link #subscribe} before their first read, read, and park in
 * {@link Subscription#await} until a publish, {@link #wakeAll}, or their deadline. Publishes between two awaits
 * coalesce into one wake: a waiter always re-reads, so a lagging one loses nothing. No thread polls.
 */
public final class FrameNotifier {

    private final ConcurrentHashMap<StreamKey, Channel> channels = new ConcurrentHashMap<>();

    /** Starts watching {@code key}; publishes from now on wake the subscription. Close it when the tail ends. */
    public Subscription subscribe(StreamKey key) {
        Objects.requireNonNull(key, "key");
        Channel channel = channels.compute(key, (k, existing) -> {
            Channel ch = existing == null ? new Channel() : existing;
            ch.subscribers++;
            return ch;
        });
        return new Subscription(key, channel);
    }

    /** Reports that {@code id} was committed on {@code key}'s stream; a no-op when nobody is watching. */
    public void publish(StreamKey key, StreamFrameId id) {
        Channel channel = channels.get(key);
        if (channel != null) {
            channel.signal(id);
        }
    }

    /**
     * Wakes {@code key}'s waiters without a new id: the stream changed in another way (it closed), so they re-read.
     */
    public void wake(StreamKey key) {
        Channel channel = channels.get(key);
        if (channel != null) {
            channel.signal(null);
        }
    }

    /** Wakes every parked waiter (shutdown, or anything that requires every tail to re-read). */
    public void wakeAll() {
        channels.values().forEach(ch -> ch.signal(null));
    }

    /** How many streams have at least one subscription; released channels are removed. */
    public int watchedStreams() {
        return channels.size();
    }

    private void release(StreamKey key, Channel channel) {
        channels.computeIfPresent(key, (k, ch) -> {
            if (ch != channel) {
                return ch;
            }
            ch.subscribers--;
            return ch.subscribers == 0 ? null : ch;
        });
    }

    /** One tail's registration on one stream. Not shared between threads. */
    public final class Subscription implements AutoCloseable {

        private final StreamKey key;
        private final Channel channel;
        private long seenVersion;
        private boolean closed;

        private Subscription(StreamKey key, Channel channel) {
            this.key = key;
            this.channel = channel;
            this.seenVersion = channel.version();
        }

        public StreamKey key() {
            return key;
        }

        /**
         * Parks until something was published on this stream since the subscription was made or since the previous
         * successful await, or until {@code timeout} passes.
         *
         * @return true when woken (re-read now); false on timeout or interrupt (the interrupt flag is kept)
         */
        public boolean await(Duration timeout) {
            if (closed) {
                return false;
            }
            long version = channel.awaitChange(seenVersion, timeout.toNanos());
            if (version == seenVersion) {
                return false;
            }
            seenVersion = version;
            return true;
        }

        /** The newest id published on this stream while watched, or null if none (wakeAll carries no id). */
        public StreamFrameId lastPublished() {
            return channel.lastPublished();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(key, channel);
            }
        }
    }

    private static final class Channel {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long version;
        private StreamFrameId lastPublished;
        // Mutated only inside ConcurrentHashMap.compute for this key, which serialises the updates.
        private int subscribers;

        long version() {
            lock.lock();
            try {
                return version;
            } finally {
                lock.unlock();
            }
        }

        StreamFrameId lastPublished() {
            lock.lock();
            try {
                return lastPublished;
            } finally {
                lock.unlock();
            }
        }

        void signal(StreamFrameId id) {
            lock.lock();
            try {
                version++;
                if (id != null) {
                    lastPublished = id;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** The version after waiting: unchanged means the timeout passed (or the thread was interrupted). */
        long awaitChange(long seen, long timeoutNanos) {
            long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
            lock.lock();
            try {
                while (version == seen) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    try {
                        changed.awaitNanos(Math.min(remaining, TimeUnit.DAYS.toNanos(1)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                return version;
            } finally {
                lock.unlock();
            }
        }
    }
}
