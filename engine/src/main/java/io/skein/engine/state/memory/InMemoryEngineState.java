package io.skein.engine.state.memory;

import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamModeKind;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.WaitpointId;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.EventLog;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.MutableFlowState;
import io.skein.engine.state.MutableRetentionState;
import io.skein.engine.state.Grant;
import io.skein.engine.state.KeystoreState;
import io.skein.engine.state.MutableEngineState;
import io.skein.engine.state.MutableExecutionState;
import io.skein.engine.state.MutableGrantState;
import io.skein.engine.state.MutableStreamState;
import io.skein.engine.state.MutableSuspensionState;
import io.skein.engine.state.MutableBudgetState;
import io.skein.engine.state.MutableQuotaState;
import io.skein.engine.state.MutableWorkerState;
import io.skein.engine.state.StoredSignal;
import io.skein.engine.state.StreamMeta;
import io.skein.engine.state.StreamState.Summary;
import io.skein.engine.state.Suspension;
import io.skein.engine.state.Waitpoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The engine's state held in memory, with the same meaning as the SQL rows: images are stored and handed out as
 * copies, so a decision changes nothing until it writes; every write of a unit is journaled, so
 * {@link #rollback()} undoes a unit that failed half way and {@link #commit()} keeps it. The per-lane ready queue
 * (claim order: priority desc, created_at asc, id) is kept by the write of an execution itself, from the one rule
 * {@link #isReady}. It serves the engine's own tests; events written go to {@link #events}' history.
 */
public final class InMemoryEngineState implements MutableEngineState {

    /** One history row the event log received, in order. */
    public record LoggedEvent(String table, ExecutionId executionId, String type, String reason) {}

    private final Map<ExecutionId, ExecCore> executions = new HashMap<>();
    private final Map<ExecutionId, TreeMap<Integer, Attempt>> attempts = new HashMap<>();
    private final Map<ExecutionId, List<Grant>> grants = new HashMap<>();
    private final Map<ExecutionId, Suspension> suspensions = new HashMap<>();
    private final Map<WaitpointKeyRef, Waitpoint> waitpoints = new HashMap<>();
    private final Map<ExecutionId, List<StoredSignal>> signals = new HashMap<>();
    private final Map<String, SignalDedup> signalDedup = new HashMap<>();
    private final Map<String, SuspendOutcome> suspendDedup = new HashMap<>();
    private final Map<StreamRef, StreamMeta> streamMetas = new HashMap<>();
    private final Map<StreamRef, Summary> summaries = new HashMap<>();
    private final Map<StreamRef, List<FrameRef>> frames = new HashMap<>();
    private final Map<String, Idempotency> idempotency = new HashMap<>();
    private final Map<String, Long> lanes = new HashMap<>();
    private final Map<String, TreeMap<ReadyKey, ExecutionId>> ready = new HashMap<>();
    private final List<LoggedEvent> history = new ArrayList<>();
    /** When each history row was written, index for index. */
    private final List<Long> historyTimes = new ArrayList<>();
    /** Completion events of flow members whose outgoing edges are not resolved yet, with their commit time. */
    private final Map<ExecutionId, Long> undispatched = new HashMap<>();
    private WaitpointKeystore keystore = WaitpointKeystore.EMPTY;
    private long now;

    /** Where minted ids and bytes come from: seeded, so a run decides the same way every time. */
    private final java.util.SplittableRandom random;

    public InMemoryEngineState(long seed) {
        this.random = new java.util.SplittableRandom(seed);
    }

    /** A fresh version-4 id from the state's seeded source. */
    public UUID newId() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low);
    }

    /** Fills {@code bytes} from the state's seeded source. */
    public void randomBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    /** Undo actions of the open unit, newest first. */
    private final Deque<Runnable> journal = new ArrayDeque<>();

    private record WaitpointKeyRef(int partition, UUID waitpointId) {}

    private record StreamRef(ExecutionId executionId, int attemptIndex) {}

    /** One stored frame of an attempt stream: its id, mode, when it was written and its fields JSON. */
    public record FrameRef(StreamFrameId id, StreamModeKind mode, long createdAtMs, String fieldsJson) {}

    private record SignalDedup(UUID signalId, long expiresAtMs) {}

    private record SuspendOutcome(String outcomeJson, long expiresAtMs) {}

    private record Idempotency(ExecutionId executionId, long expiresAtMs) {}

    /** Claim order within a lane (spec 01 §9). */
    private record ReadyKey(int priority, long createdAtMs, ExecutionId id) implements Comparable<ReadyKey> {
        private static final Comparator<ReadyKey> ORDER = Comparator.comparingInt((ReadyKey k) -> -k.priority)
                .thenComparingLong(ReadyKey::createdAtMs).thenComparing(ReadyKey::id);

        @Override
        public int compareTo(ReadyKey o) {
            return ORDER.compare(this, o);
        }
    }

    /** Starts a unit at clock reading {@code now}: the stamps its writes carry. */
    public void begin(long now) {
        this.now = now;
        journal.clear();
    }

    /** Keeps what the unit wrote. */
    public void commit() {
        journal.clear();
    }

    /** Undoes everything the unit wrote since {@link #begin}. */
    public void rollback() {
        while (!journal.isEmpty()) {
            journal.pop().run();
        }
    }

    /** How many writes the open unit has made so far. */
    public int writes() {
        return journal.size();
    }

    /** The history rows (lease, completion, signal, operator) written so far, in order. */
    public List<LoggedEvent> history() {
        return List.copyOf(history);
    }

    /** The frames of one attempt stream, oldest first (reads stay outside the engine; its tests read here). */
    public List<FrameRef> frames(ExecutionId id, int attemptIndex) {
        return List.copyOf(frames.getOrDefault(new StreamRef(id, attemptIndex), List.of()));
    }

    /** Every execution, as stored (for the flow family's member scans). */
    List<ExecCore> allExecutions() {
        return List.copyOf(executions.values());
    }

    List<ExecutionId> undispatchedCompletions(long committedAtOrBefore) {
        return undispatched.entrySet().stream().filter(e -> e.getValue() <= committedAtOrBefore)
                .map(Map.Entry::getKey).toList();
    }

    void markCompletionsDispatched(ExecutionId member, long at) {
        remove(undispatched, member);
    }

    /** The ready queue rule: an execution a claim may take now is runnable and eligible now. */
    public static boolean isReady(ExecCore e) {
        return e.state.lifecyclePhase() == LifecyclePhase.RUNNABLE
                && e.state.eligibilityState() == EligibilityState.ELIGIBLE_NOW;
    }

    <K, V> void put(Map<K, V> map, K key, V value) {
        boolean had = map.containsKey(key);
        V before = map.put(key, value);
        journal.push(() -> {
            if (had) {
                map.put(key, before);
            } else {
                map.remove(key);
            }
        });
    }

    <K, V> void remove(Map<K, V> map, K key) {
        if (!map.containsKey(key)) {
            return;
        }
        V before = map.remove(key);
        journal.push(() -> map.put(key, before));
    }

    private <K, V> List<V> listCopy(Map<K, List<V>> map, K key) {
        List<V> copy = new ArrayList<>(map.getOrDefault(key, List.of()));
        put(map, key, copy);
        return copy;
    }

    // ------------------------------------------------------------------------------------------ executions

    private final MutableExecutionState executionState = new MutableExecutionState() {
        @Override
        public Optional<ExecCore> load(ExecutionId id) {
            return Optional.ofNullable(executions.get(id)).map(ExecCore::copy);
        }

        @Override
        public Optional<WithAttempt> loadWithCurrent(ExecutionId id) {
            return load(id).map(e -> new WithAttempt(e, currentAttempt(e)));
        }

        @Override
        public boolean exists(ExecutionId id) {
            return executions.containsKey(id);
        }

        @Override
        public Optional<Attempt> attempt(ExecutionId id, int attemptIndex) {
            TreeMap<Integer, Attempt> of = attempts.get(id);
            return Optional.ofNullable(of == null ? null : of.get(attemptIndex)).map(Attempt::copy);
        }

        @Override
        public long maxEpoch(ExecutionId id) {
            TreeMap<Integer, Attempt> of = attempts.get(id);
            return of == null ? 0 : of.values().stream().mapToLong(a -> a.leaseEpoch).max().orElse(0);
        }

        @Override
        public Optional<ExecutionId> idempotentOriginal(int partition, String namespace, String key, long at) {
            Idempotency i = idempotency.get(partition + "|" + namespace + "|" + key);
            return i == null || i.expiresAtMs() <= at ? Optional.empty() : Optional.of(i.executionId());
        }

        @Override
        public List<WithAttempt> readyCandidates(LaneId lane, long at, ExecCore after, int limit) {
            TreeMap<ReadyKey, ExecutionId> queue = ready.getOrDefault(lane.value(), new TreeMap<>());
            var from = after == null ? queue : queue.tailMap(new ReadyKey(after.priority, after.createdAtMs,
                    after.executionId), false);
            List<WithAttempt> out = new ArrayList<>();
            for (ExecutionId id : from.values()) {
                if (out.size() == limit) {
                    break;
                }
                boolean granted = grants.getOrDefault(id, List.of()).stream().anyMatch(g -> g.expiresAtMs() > at);
                if (!granted) {
                    loadWithCurrent(id).ifPresent(out::add);
                }
            }
            return out;
        }

        @Override
        public List<ExecutionId> laneGrantCandidates(int partition, String lane, int limit) {
            return ready.getOrDefault(lane, new TreeMap<>()).values().stream()
                    .filter(id -> id.partition() == partition && grants.getOrDefault(id, List.of()).isEmpty())
                    .limit(limit).toList();
        }

        @Override
        public void putIdempotency(int partition, String namespace, String key, ExecutionId id, long expiresAtMs) {
            put(idempotency, partition + "|" + namespace + "|" + key, new Idempotency(id, expiresAtMs));
        }

        @Override
        public void registerLane(String laneId, long at, String registeredBy) {
            if (!lanes.containsKey(laneId)) {
                put(lanes, laneId, at);
            }
        }

        @Override
        public void insert(ExecCore e) {
            e.lastMutationAtMs = now;
            write(e);
        }

        @Override
        public void save(ExecCore e) {
            e.lastMutationAtMs = now;
            e.stateVersion++;
            write(e);
        }

        /** Stores the image and keeps its ready-queue entry in step with it. */
        private void write(ExecCore e) {
            ExecCore before = executions.get(e.executionId);
            if (before != null && isReady(before)) {
                TreeMap<ReadyKey, ExecutionId> queue = ready.get(before.laneId);
                ReadyKey key = new ReadyKey(before.priority, before.createdAtMs, before.executionId);
                queue.remove(key);
                journal.push(() -> queue.put(key, before.executionId));
            }
            put(executions, e.executionId, e.copy());
            if (isReady(e)) {
                TreeMap<ReadyKey, ExecutionId> queue = ready.computeIfAbsent(e.laneId, l -> new TreeMap<>());
                ReadyKey key = new ReadyKey(e.priority, e.createdAtMs, e.executionId);
                queue.put(key, e.executionId);
                journal.push(() -> queue.remove(key));
            }
        }

        @Override
        public void insert(Attempt a) {
            save(a);
        }

        @Override
        public void save(Attempt a) {
            TreeMap<Integer, Attempt> of = new TreeMap<>(attempts.getOrDefault(a.executionId, new TreeMap<>()));
            of.put(a.attemptIndex, a.copy());
            put(attempts, a.executionId, of);
        }
    };

    // ------------------------------------------------------------------------------------------ grants

    private final MutableGrantState grantState = new MutableGrantState() {
        @Override
        public Optional<Grant> find(ExecutionId id, String kind) {
            return grants.getOrDefault(id, List.of()).stream().filter(g -> g.kind().equals(kind)).findFirst();
        }

        @Override
        public Optional<Grant> findById(ExecutionId id, byte[] grantId) {
            return grants.values().stream().flatMap(List::stream)
                    .filter(g -> g.executionId().partition() == id.partition() && Arrays.equals(g.grantId(), grantId))
                    .findFirst();
        }

        @Override
        public long liveLaneGrants(int partition, String lane, long at) {
            return grants.values().stream().flatMap(List::stream).filter(g -> g.executionId().partition() == partition
                    && lane.equals(g.laneId()) && g.isLaneGrant() && g.expiresAtMs() > at).count();
        }

        @Override
        public Optional<Grant> any(ExecutionId id) {
            return grants.getOrDefault(id, List.of()).stream().min(Comparator.comparing(Grant::kind));
        }

        @Override
        public void insert(Grant g) {
            listCopy(grants, g.executionId()).add(g);
        }

        @Override
        public void delete(Grant g) {
            listCopy(grants, g.executionId()).removeIf(s -> Arrays.equals(s.grantId(), g.grantId()));
        }

        @Override
        public void deleteAll(ExecutionId id) {
            remove(grants, id);
        }

        @Override
        public int deleteExpired(long at) {
            int deleted = 0;
            for (ExecutionId id : List.copyOf(grants.keySet())) {
                deleted += deleteExpired(id, null, at);
            }
            return deleted;
        }

        @Override
        public int deleteExpired(ExecutionId id, byte[] grantId, long at) {
            List<Grant> of = grants.getOrDefault(id, List.of());
            List<Grant> kept = of.stream().filter(g -> g.expiresAtMs() > at
                    || (grantId != null && !Arrays.equals(g.grantId(), grantId))).toList();
            if (kept.size() != of.size()) {
                put(grants, id, new ArrayList<>(kept));
            }
            return of.size() - kept.size();
        }
    };

    // ------------------------------------------------------------------------------------------ suspensions

    private final MutableSuspensionState suspensionState = new MutableSuspensionState() {
        @Override
        public Optional<Suspension> load(ExecutionId id) {
            return Optional.ofNullable(suspensions.get(id)).map(Suspension::copy);
        }

        @Override
        public Optional<Waitpoint> waitpoint(int partition, WaitpointId id) {
            return Optional.ofNullable(waitpoints.get(new WaitpointKeyRef(partition, id.uuid()))).map(Waitpoint::copy);
        }

        @Override
        public boolean waitpointExists(int partition, WaitpointId id) {
            return waitpoints.containsKey(new WaitpointKeyRef(partition, id.uuid()));
        }

        @Override
        public List<Waitpoint> waitpointsOf(ExecutionId executionId, UUID suspensionId) {
            return waitpoints.values().stream().filter(w -> w.executionId.equals(executionId)
                            && Objects.equals(w.suspensionId, suspensionId))
                    .sorted(Comparator.comparing(w -> w.waitpointId.toString())).map(Waitpoint::copy).toList();
        }

        @Override
        public List<Waitpoint> openWaitpoints(ExecutionId executionId, WaitpointId after, int limit) {
            return waitpoints.values().stream().filter(w -> w.executionId.equals(executionId) && !w.isClosed()
                            && (after == null || w.waitpointId.toString().compareTo(after.toString()) > 0))
                    .sorted(Comparator.comparing(w -> w.waitpointId.toString())).limit(limit)
                    .map(Waitpoint::copy).toList();
        }

        @Override
        public boolean signalExists(ExecutionId executionId, UUID signalId) {
            return signal(executionId, signalId).isPresent();
        }

        @Override
        public Optional<StoredSignal> signal(ExecutionId executionId, UUID signalId) {
            return signals.getOrDefault(executionId, List.of()).stream()
                    .filter(s -> s.signalId.equals(signalId)).findFirst().map(StoredSignal::copy);
        }

        @Override
        public List<StoredSignal> signalsOf(ExecutionId executionId, UUID waitpointId) {
            return signals.getOrDefault(executionId, List.of()).stream()
                    .filter(s -> Objects.equals(s.waitpointId, waitpointId))
                    .sorted(Comparator.comparingLong((StoredSignal s) -> s.acceptedAtMs)
                            .thenComparing(s -> s.signalId.toString()))
                    .map(StoredSignal::copy).toList();
        }

        @Override
        public Optional<UUID> liveSignalDedup(int partition, UUID waitpointId, String idempotencyKey) {
            SignalDedup d = signalDedup.get(partition + "|" + waitpointId + "|" + idempotencyKey);
            return d == null || d.expiresAtMs() <= now ? Optional.empty() : Optional.of(d.signalId());
        }

        @Override
        public long recordedSignalCount(ExecutionId executionId) {
            return waitpoints.values().stream().filter(w -> w.executionId.equals(executionId))
                    .mapToLong(w -> w.signalCount).sum();
        }

        @Override
        public List<UUID> satisfierSignalIds(ExecutionId executionId, UUID suspensionId) {
            return signals.getOrDefault(executionId, List.of()).stream()
                    .filter(s -> Objects.equals(s.suspensionId, suspensionId) && s.satisfier)
                    .sorted(Comparator.comparingLong((StoredSignal s) -> s.acceptedAtMs)
                            .thenComparing(s -> s.signalId.toString()))
                    .map(s -> s.signalId).toList();
        }

        @Override
        public Optional<String> storedSuspendOutcome(ExecutionId executionId, String idempotencyKey, long at) {
            SuspendOutcome o = suspendDedup.get(executionId + "|" + idempotencyKey);
            return o == null || o.expiresAtMs() <= at ? Optional.empty() : Optional.of(o.outcomeJson());
        }

        @Override
        public void storeSuspendOutcome(ExecutionId executionId, String idempotencyKey, String outcomeJson, long at,
                                        long expiresAtMs) {
            put(suspendDedup, executionId + "|" + idempotencyKey, new SuspendOutcome(outcomeJson, expiresAtMs));
        }

        @Override
        public void replace(Suspension s) {
            put(suspensions, s.executionId, s.copy());
        }

        @Override
        public void save(Suspension s) {
            put(suspensions, s.executionId, s.copy());
        }

        @Override
        public void closeOpen(ExecutionId executionId, String reason, long at) {
            Suspension s = suspensions.get(executionId);
            if (s != null && s.isOpen()) {
                Suspension closed = s.copy();
                closed.state = Suspension.CLOSED;
                closed.closedAtMs = at;
                closed.closeReason = reason;
                put(suspensions, executionId, closed);
            }
            for (Waitpoint w : List.copyOf(waitpoints.values())) {
                if (w.executionId.equals(executionId) && !w.isClosed()) {
                    close(w, reason, at);
                }
            }
        }

        private void close(Waitpoint w, String reason, long at) {
            Waitpoint closed = w.copy();
            closed.state = "closed";
            closed.closedAtMs = at;
            closed.closeReason = reason;
            put(waitpoints, new WaitpointKeyRef(w.executionId.partition(), w.waitpointId), closed);
        }

        @Override
        public void insert(Waitpoint w) {
            save(w);
        }

        @Override
        public void save(Waitpoint w) {
            put(waitpoints, new WaitpointKeyRef(w.executionId.partition(), w.waitpointId), w.copy());
        }

        @Override
        public void closeWaitpointsOf(ExecutionId executionId, UUID suspensionId, String reason) {
            for (Waitpoint w : List.copyOf(waitpoints.values())) {
                if (w.executionId.equals(executionId) && Objects.equals(w.suspensionId, suspensionId)
                        && !w.isClosed()) {
                    close(w, reason, now);
                }
            }
        }

        @Override
        public void insert(StoredSignal s) {
            listCopy(signals, s.executionId).add(s.copy());
        }

        @Override
        public void saveEvaluation(StoredSignal s) {
            List<StoredSignal> of = listCopy(signals, s.executionId);
            of.replaceAll(stored -> stored.signalId.equals(s.signalId) ? s.copy() : stored);
        }

        @Override
        public void trimNonSatisfiers(ExecutionId executionId, UUID waitpointId, int maxlen) {
            List<StoredSignal> nonSatisfiers = signalsOf(executionId, waitpointId).stream()
                    .filter(s -> !s.satisfier).toList();
            if (nonSatisfiers.size() <= maxlen) {
                return;
            }
            List<UUID> dropped = nonSatisfiers.subList(0, nonSatisfiers.size() - maxlen).stream()
                    .map(s -> s.signalId).toList();
            listCopy(signals, executionId).removeIf(s -> dropped.contains(s.signalId));
        }

        @Override
        public void putSignalDedup(int partition, UUID waitpointId, String idempotencyKey, UUID signalId,
                                   long expiresAtMs) {
            put(signalDedup, partition + "|" + waitpointId + "|" + idempotencyKey,
                    new SignalDedup(signalId, expiresAtMs));
        }
    };

    // ------------------------------------------------------------------------------------------ streams

    private final MutableStreamState streamState = new MutableStreamState() {
        @Override
        public Optional<StreamMeta> meta(ExecutionId id, int attemptIndex) {
            return Optional.ofNullable(streamMetas.get(new StreamRef(id, attemptIndex))).map(StreamMeta::copy);
        }

        @Override
        public Optional<Summary> summary(ExecutionId id, int attemptIndex) {
            return Optional.ofNullable(summaries.get(new StreamRef(id, attemptIndex)));
        }

        @Override
        public StreamMeta metaForAppend(ExecutionId id, int attemptIndex, UUID attemptId) {
            StreamRef ref = new StreamRef(id, attemptIndex);
            if (!streamMetas.containsKey(ref)) {
                StreamMeta m = new StreamMeta();
                m.executionId = id;
                m.attemptIndex = attemptIndex;
                m.attemptId = attemptId;
                m.createdAtMs = now;
                put(streamMetas, ref, m);
            }
            return streamMetas.get(ref).copy();
        }

        @Override
        public void save(StreamMeta m) {
            put(streamMetas, new StreamRef(m.executionId, m.attemptIndex), m.copy());
        }

        @Override
        public void close(ExecutionId id, int attemptIndex, UUID attemptId, String reason, long at) {
            StreamMeta m = metaForAppend(id, attemptIndex, attemptId);
            if (m.closedAtMs == null) {
                m.closedAtMs = at;
                m.closedReason = reason;
                save(m);
            }
        }

        @Override
        public void insertFrame(ExecutionId id, int attemptIndex, StreamFrameId frameId, String fieldsJson,
                                StreamModeKind mode) {
            listCopy(frames, new StreamRef(id, attemptIndex)).add(new FrameRef(frameId, mode, now, fieldsJson));
        }

        @Override
        public int keepNewest(ExecutionId id, int attemptIndex, StreamModeKind mode, int keep) {
            StreamRef ref = new StreamRef(id, attemptIndex);
            List<FrameRef> ofMode = frames.getOrDefault(ref, List.of()).stream().filter(f -> f.mode() == mode)
                    .toList();
            if (ofMode.size() <= keep) {
                return 0;
            }
            List<FrameRef> dropped = ofMode.subList(0, ofMode.size() - keep);
            listCopy(frames, ref).removeAll(dropped);
            return dropped.size();
        }

        @Override
        public List<BestEffortFrame> bestEffortFrames() {
            List<BestEffortFrame> out = new ArrayList<>();
            frames.forEach((ref, of) -> of.stream().filter(f -> f.mode() == StreamModeKind.BEST_EFFORT)
                    .forEach(f -> out.add(new BestEffortFrame(ref.executionId(), ref.attemptIndex(), f.id(),
                            f.createdAtMs(), f.fieldsJson()))));
            return out;
        }

        @Override
        public int deleteFrame(ExecutionId id, int attemptIndex, StreamFrameId frameId) {
            StreamRef ref = new StreamRef(id, attemptIndex);
            if (frames.getOrDefault(ref, List.of()).stream().noneMatch(f -> f.id().equals(frameId))) {
                return 0;
            }
            listCopy(frames, ref).removeIf(f -> f.id().equals(frameId));
            return 1;
        }

        @Override
        public void save(ExecutionId id, int attemptIndex, Summary s) {
            put(summaries, new StreamRef(id, attemptIndex), s);
        }
    };

    // ------------------------------------------------------------------------------------------ the rest

    private final InMemoryFlowState flowState = new InMemoryFlowState(this);

    private final InMemoryAdmissionState admission = new InMemoryAdmissionState(this);
    private final InMemoryWorkerState workerState = new InMemoryWorkerState(this);

    private final KeystoreState keystoreState = new KeystoreState() {
        @Override
        public WaitpointKeystore load() {
            return keystore;
        }

        @Override
        public void replace(WaitpointKeystore replacement) {
            WaitpointKeystore before = keystore;
            keystore = replacement;
            journal.push(() -> keystore = before);
        }
    };

    private final MutableRetentionState retentionState = new MutableRetentionState() {
        @Override
        public List<ExecutionId> terminalAtOrBefore(long cutoffMs, Integer partition, LaneId lane, int limit) {
            return executions.values().stream()
                    .filter(e -> e.state.lifecyclePhase() == LifecyclePhase.TERMINAL && e.terminalAtMs != null
                            && e.terminalAtMs <= cutoffMs
                            && (partition == null || e.executionId.partition() == partition)
                            && (lane == null || lane.value().equals(e.laneId)))
                    .sorted(Comparator.comparingLong((ExecCore e) -> e.terminalAtMs).thenComparing(e -> e.executionId))
                    .limit(limit).map(e -> e.executionId).toList();
        }

        @Override
        public boolean isTerminalAtOrBefore(ExecutionId id, long cutoffMs) {
            ExecCore e = executions.get(id);
            return e != null && e.state.lifecyclePhase() == LifecyclePhase.TERMINAL && e.terminalAtMs != null
                    && e.terminalAtMs <= cutoffMs;
        }

        @Override
        public void purge(ExecutionId id) {
            ExecCore e = executions.get(id);
            if (e != null && isReady(e)) {
                TreeMap<ReadyKey, ExecutionId> queue = ready.get(e.laneId);
                ReadyKey key = new ReadyKey(e.priority, e.createdAtMs, id);
                queue.remove(key);
                journal.push(() -> queue.put(key, id));
            }
            remove(executions, id);
            remove(attempts, id);
            remove(grants, id);
            remove(suspensions, id);
            remove(signals, id);
            remove(undispatched, id);
            for (WaitpointKeyRef ref : List.copyOf(waitpoints.keySet())) {
                if (waitpoints.get(ref).executionId.equals(id)) {
                    remove(waitpoints, ref);
                    String prefix = ref.partition() + "|" + ref.waitpointId() + "|";
                    List.copyOf(signalDedup.keySet()).stream().filter(k -> k.startsWith(prefix))
                            .forEach(k -> remove(signalDedup, k));
                }
            }
            for (StreamRef ref : List.copyOf(streamMetas.keySet())) {
                if (ref.executionId().equals(id)) {
                    remove(streamMetas, ref);
                }
            }
            for (StreamRef ref : List.copyOf(frames.keySet())) {
                if (ref.executionId().equals(id)) {
                    remove(frames, ref);
                    remove(summaries, ref);
                }
            }
            List.copyOf(suspendDedup.keySet()).stream().filter(k -> k.startsWith(id + "|"))
                    .forEach(k -> remove(suspendDedup, k));
            List.copyOf(idempotency.entrySet()).stream().filter(i -> i.getValue().executionId().equals(id))
                    .forEach(i -> remove(idempotency, i.getKey()));
            // its completion, lease, signal and operator events go with it, as the SQL purge deletes its outbox rows
            removeHistory(i -> history.get(i).executionId().equals(id));
            flowState.forget(id);
            admission.forget(id);
        }

        @Override
        public int deleteExpired(Housekeeping set, long at) {
            Map<String, ?> entries = switch (set) {
                case EXECUTION_IDEMPOTENCY -> idempotency;
                case SIGNAL_DEDUP -> signalDedup;
                case SUSPEND_DEDUP -> suspendDedup;
                case BUDGET_USAGE_DEDUP, QUOTA_ADMISSIONS -> null;
                default -> Map.of(); // the command log is not held in memory
            };
            if (entries == null) {
                return admission.deleteExpired(set, at);
            }
            int deleted = 0;
            for (var entry : List.copyOf(entries.entrySet())) {
                long expires = entry.getValue() instanceof Idempotency i ? i.expiresAtMs()
                        : entry.getValue() instanceof SignalDedup d ? d.expiresAtMs()
                        : ((SuspendOutcome) entry.getValue()).expiresAtMs();
                if (expires <= at) {
                    remove(entries, entry.getKey());
                    deleted++;
                }
            }
            return deleted;
        }

        @Override
        public int deleteEventsBefore(Housekeeping set, long cutoffMs) {
            String table = switch (set) {
                case COMPLETION_EVENTS -> "completion";
                case LEASE_EVENTS -> "lease";
                case SIGNAL_EVENTS -> "signal";
                case OPERATOR_EVENTS -> "operator";
                default -> null;
            };
            if (set == Housekeeping.WORKER_REGISTRY_EVENTS) {
                return workerState.deleteEventsBefore(cutoffMs);
            }
            return removeHistory(i -> history.get(i).table().equals(table) && historyTimes.get(i) < cutoffMs);
        }
    };

    /** Deletes the history rows whose index passes {@code doomed}; returns how many went. */
    private int removeHistory(java.util.function.IntPredicate doomed) {
        int deleted = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            if (doomed.test(i)) {
                int at = i;
                LoggedEvent event = history.remove(at);
                long time = historyTimes.remove(at);
                journal.push(() -> {
                    history.add(at, event);
                    historyTimes.add(at, time);
                });
                deleted++;
            }
        }
        return deleted;
    }

    private final EventLog eventLog = new EventLog() {
        @Override
        public void completion(ExecCore e, String outcome, boolean dispatched) {
            log(new LoggedEvent("completion", e.executionId, outcome, null));
            if (!dispatched && e.flowId != null && !undispatched.containsKey(e.executionId)) {
                put(undispatched, e.executionId, now);
            }
        }

        @Override
        public void lease(ExecCore e, UUID leaseId, long leaseEpoch, String workerInstanceId, String eventType,
                          String reason) {
            log(new LoggedEvent("lease", e.executionId, eventType, reason));
        }

        @Override
        public void signal(ExecCore e, UUID signalId, UUID waitpointId, String sourceIdentity, String effect) {
            log(new LoggedEvent("signal", e.executionId, effect, null));
        }

        @Override
        public void operator(int partition, UUID subject, String namespace, String eventType, String detailsJson) {
            log(new LoggedEvent("operator", new ExecutionId(partition, subject), eventType, detailsJson));
        }

        private void log(LoggedEvent event) {
            history.add(event);
            historyTimes.add(now);
            journal.push(() -> {
                history.remove(history.size() - 1);
                historyTimes.remove(historyTimes.size() - 1);
            });
        }
    };

    @Override
    public MutableExecutionState executions() {
        return executionState;
    }

    @Override
    public MutableGrantState grants() {
        return grantState;
    }

    @Override
    public MutableSuspensionState suspensions() {
        return suspensionState;
    }

    @Override
    public MutableStreamState streams() {
        return streamState;
    }

    @Override
    public MutableFlowState flows() {
        return flowState;
    }

    @Override
    public MutableQuotaState quotas() {
        return admission.quotaState;
    }

    @Override
    public MutableBudgetState budgets() {
        return admission.budgetState;
    }

    @Override
    public MutableWorkerState workers() {
        return workerState;
    }

    /** One row of the worker registry's event log. */
    public record WorkerEvent(String namespace, String workerInstanceId, long atMs, String kind, String reason) {}

    /** The worker registry's event log, oldest first (reads stay outside the engine; its tests read here). */
    public List<WorkerEvent> workerEvents() {
        return workerState.events();
    }

    @Override
    public MutableRetentionState retention() {
        return retentionState;
    }

    @Override
    public KeystoreState keystore() {
        return keystoreState;
    }

    @Override
    public EventLog events() {
        return eventLog;
    }
}
