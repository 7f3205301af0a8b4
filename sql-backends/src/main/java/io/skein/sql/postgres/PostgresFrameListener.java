package io.skein.sql.postgres;

import io.skein.core.api.StreamFrameId;
import io.skein.sql.stream.FrameNotifier;
import io.skein.sql.stream.StreamKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one LISTEN connection (spec 05 §3): it receives the {@code ff_stream_frame} notifications the frame
 * trigger sends at commit, from any process writing the database, and fans them out to the in-memory waiters of a
 * {@link FrameNotifier}; outbox notifications wake the event subscriptions' key. The connection is its own, never a pool slot, so parked tails hold no pool connection. On
 * connection loss it reconnects (100 ms doubling to 1 s), LISTENs again and wakes every waiter to re-read, since
 * notifications sent meanwhile are lost.
 */
final class PostgresFrameListener implements AutoCloseable {

    static final String CHANNEL = "ff_stream_frame";
    /** The outbox channels event subscriptions re-read on (spec 05 §3); silent when outbox notify is off. */
    private static final java.util.List<String> OUTBOX_CHANNELS = java.util.List.of("ff_completion",
            "ff_lease_event", "ff_signal_event");
    private static final Logger LOG = LoggerFactory.getLogger(PostgresFrameListener.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 1_000;
    private static final int POLL_MS = 500;

    private final Supplier<Connection> connect;
    private final FrameNotifier notifier;
    private final Thread thread;
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Connection current;

    PostgresFrameListener(Supplier<Connection> connect, FrameNotifier notifier, String name) {
        this.connect = connect;
        this.notifier = notifier;
        this.thread = new Thread(this::run, "skein-pg-listen-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts listening and waits (up to {@code timeoutMs}) until the first LISTEN is in place. */
    void start(long timeoutMs) {
        thread.start();
        try {
            if (!firstListen.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                LOG.warn("PostgreSQL LISTEN connection not ready after {} ms; tails fall back to their deadline "
                        + "until it connects", timeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (!closed) {
            try (Connection c = connect.get()) {
                current = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                    for (String outbox : OUTBOX_CHANNELS) {
                        st.execute("LISTEN " + outbox);
                    }
                }
                firstListen.countDown();
                backoff = MIN_BACKOFF_MS;
                // Frames committed while we were disconnected sent notifications nobody heard: re-read now.
                notifier.wakeAll();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(POLL_MS);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            if (CHANNEL.equals(n.getName())) {
                                deliver(n.getParameter());
                            } else {
                                notifier.wake(io.skein.sql.engine.OutboxStore.WAKE_KEY);
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("PostgreSQL LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), backoff);
                notifier.wakeAll();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } finally {
                current = null;
            }
        }
    }

    /** Payload {@code <partition_key>:<execution uuid>:<attempt_index>:<ms>-<seq>}; a malformed one wakes nobody. */
    private void deliver(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split(":");
        if (parts.length != 4) {
            LOG.warn("ignoring malformed {} notification '{}'", CHANNEL, payload);
            return;
        }
        try {
            StreamKey key = new StreamKey(Integer.parseInt(parts[0]), UUID.fromString(parts[1]),
                    Integer.parseInt(parts[2]));
            notifier.publish(key, StreamFrameId.parse(parts[3]));
        } catch (RuntimeException e) {
            LOG.warn("ignoring malformed {} notification '{}': {}", CHANNEL, payload, e.getMessage());
        }
    }

    /** Closes the connection under the listener (tests use this to prove reconnection); it reconnects by itself. */
    void dropConnection() {
        Connection c = current;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the loop notices the closed connection either way
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        dropConnection();
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
