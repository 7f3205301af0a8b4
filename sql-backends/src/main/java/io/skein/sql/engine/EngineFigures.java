package io.skein.sql.engine;

import io.skein.engine.processing.Claims;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this process's engine has done since it started, for {@code /metrics} (issue #6 "engine figures"): commands
 * processed by type and outcome, claims (attempts opened or resumed under a new lease) and lease expiries found
 * by the timers. Claims and expiries count at commit, so a rolled-back unit counts nothing. Each engine instance
 * counts its own work; a scrape of every instance adds up to the cluster's.
 */
public final class EngineFigures {

    /**
     * Direct mode: {@code backend} with every state-changing operation (one per command type of
     * {@link io.skein.core.command.CommandTypes}) counted here as a command, {@link #APPLIED} or, when it answers a
     * typed error, {@link #REJECTED}. Reads pass through uncounted.
     */
    public io.skein.core.api.EngineBackend counting(io.skein.core.api.EngineBackend backend) {
        Map<java.lang.reflect.Method, String> types = new java.util.HashMap<>();
        for (String type : io.skein.core.command.CommandTypes.all()) {
            types.put(io.skein.core.command.CommandTypes.operation(type), type);
        }
        return (io.skein.core.api.EngineBackend) java.lang.reflect.Proxy.newProxyInstance(
                EngineFigures.class.getClassLoader(), new Class<?>[] {io.skein.core.api.EngineBackend.class},
                (proxy, method, args) -> {
                    String type = types.get(method);
                    try {
                        Object result = method.invoke(backend, args);
                        if (type != null) {
                            commandProcessed(type, APPLIED);
                        }
                        return result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        if (type != null && e.getCause() instanceof io.skein.core.error.EngineException) {
                            commandProcessed(type, REJECTED);
                        }
                        throw e.getCause();
                    }
                });
    }

    /** The outcome labels of {@link #commandProcessed}. */
    public static final String APPLIED = "applied";
    public static final String REJECTED = "rejected";
    public static final String DUPLICATE = "duplicate";
    public static final String DEAD_LETTERED = "dead_lettered";

    private final LongAdder claims = new LongAdder();
    private final LongAdder leaseExpiries = new LongAdder();
    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();

    /** A command (Kafka mode) or a state-changing operation (direct mode) of {@code type} ended with {@code outcome}. */
    public void commandProcessed(String type, String outcome) {
        commands.computeIfAbsent(type + '\u0000' + outcome, k -> new LongAdder()).increment();
    }

    /**
     * Where the timed figures go: the server's meter registry once it binds them ({@link #timings(Timings)}),
     * nowhere before. Called after a commit, on the committing thread: implementations only record.
     */
    public interface Timings {
        Timings NONE = new Timings() {
            @Override
            public void scheduleToStart(String lane, long millis) {
            }

            @Override
            public void attemptEnded(String lane, String outcome, long millis) {
            }
        };

        /** An execution of {@code lane} was claimed {@code millis} after it became claimable. */
        void scheduleToStart(String lane, long millis);

        /** An attempt of {@code lane} ended ({@code outcome}: its final lifecycle) after running {@code millis}. */
        void attemptEnded(String lane, String outcome, long millis);
    }

    private volatile Timings timings = Timings.NONE;

    /** Sends the timed figures of units committed from now on to {@code sink}. */
    public void timings(Timings sink) {
        this.timings = java.util.Objects.requireNonNull(sink, "sink");
    }

    void claimed(Tx tx, String lane, long waitedMs) {
        tx.afterCommit(() -> {
            claims.increment();
            timings.scheduleToStart(lane, waitedMs);
        });
    }

    void attemptEnded(Tx tx, String lane, String outcome, long ranMs) {
        tx.afterCommit(() -> timings.attemptEnded(lane, outcome, ranMs));
    }

    void leaseExpired(Tx tx) {
        tx.afterCommit(leaseExpiries::increment);
    }

    public long claims() {
        return claims.sum();
    }

    public long leaseExpiries() {
        return leaseExpiries.sum();
    }

    /** Commands so far, keyed by {@code [type, outcome]}, in a stable order. */
    public Map<CommandKey, Long> commands() {
        Map<CommandKey, Long> out = new TreeMap<>();
        commands.forEach((k, n) -> {
            int cut = k.indexOf('\u0000');
            out.put(new CommandKey(k.substring(0, cut), k.substring(cut + 1)), n.sum());
        });
        return out;
    }

    /** A command type and the outcome it ended with. */
    public record CommandKey(String type, String outcome) implements Comparable<CommandKey> {
        @Override
        public int compareTo(CommandKey o) {
            int c = type.compareTo(o.type);
            return c != 0 ? c : outcome.compareTo(o.outcome);
        }
    }
}
