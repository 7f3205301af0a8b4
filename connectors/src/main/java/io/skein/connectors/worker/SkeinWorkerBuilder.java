package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.skein.connectors.client.SkeinHttp;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.error.EngineError;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.wire.TopicNames;
import java.time.Duration;
import java.util.UUID;

/**
 * Configures a {@link SkeinWorker}. Required: {@link #bootstrapServers} (Kafka) or {@link #http} (the HTTP API),
 * {@link #lane}, {@link #workerId}. Defaults:
 * topic prefix {@code ff.}, default partitions, a fresh instance id, no capabilities, namespace {@code default},
 * liveness TTL 30 s, capacity 4, lease TTL 30 s,
 * command timeout 30 s, shutdown grace 30 s, no reads backend, a lane topic of 3 partitions replicated once when it
 * has to be created (the engine's defaults), meters in Micrometer's global registry, {@link TypedJson#DEFAULT}.
 */
public final class SkeinWorkerBuilder {

    String bootstrapServers;
    SkeinHttp http;
    TopicNames topics = TopicNames.DEFAULT;
    PartitionConfig partitions = PartitionConfig.DEFAULT;
    LaneId lane;
    WorkerId workerId;
    WorkerInstanceId workerInstanceId;
    CapabilitySet capabilities = CapabilitySet.EMPTY;
    Namespace namespace = Namespace.of("default");
    Duration livenessTtl = Duration.ofSeconds(30);
    int capacity = 4;
    Duration leaseTtl = Duration.ofMillis(ClaimPolicy.DEFAULT_LEASE_TTL_MS);
    Duration commandTimeout = Duration.ofSeconds(30);
    Duration shutdownGrace = Duration.ofSeconds(30);
    EngineBackend reads;
    int dispatchPartitions = 3;
    short replicationFactor = 1;
    MeterRegistry meterRegistry = Metrics.globalRegistry;
    ObjectMapper json = TypedJson.DEFAULT;

    SkeinWorkerBuilder() {}

    public SkeinWorkerBuilder bootstrapServers(String servers) {
        this.bootstrapServers = servers;
        return this;
    }

    /**
     * Works over Skein's HTTP API at {@code server} ({@code http://host:port}) with bearer {@code token} (nullable)
     * instead of Kafka: claims from the lane's claim route, and every attempt operation over the worker routes.
     */
    public SkeinWorkerBuilder http(String server, String token) {
        this.http = new SkeinHttp(SkeinHttp.address(server), token, Duration.ofSeconds(30));
        return this;
    }

    public SkeinWorkerBuilder topics(TopicNames names) {
        this.topics = names;
        return this;
    }

    /** Must equal the engine's partition configuration: commands are keyed by it. */
    public SkeinWorkerBuilder partitions(PartitionConfig config) {
        this.partitions = config;
        return this;
    }

    public SkeinWorkerBuilder lane(LaneId laneId) {
        this.lane = laneId;
        return this;
    }

    public SkeinWorkerBuilder workerId(WorkerId id) {
        this.workerId = id;
        return this;
    }

    public SkeinWorkerBuilder workerInstanceId(WorkerInstanceId id) {
        this.workerInstanceId = id;
        return this;
    }

    /** What this worker offers; a grant requiring more is released to the lane's other workers. */
    public SkeinWorkerBuilder capabilities(CapabilitySet offered) {
        this.capabilities = offered;
        return this;
    }

    /** The namespace the worker registers in (spec 02 §10); default {@code default}. */
    public SkeinWorkerBuilder namespace(Namespace ns) {
        this.namespace = ns;
        return this;
    }

    /**
     * How long the worker's registration lives without a heartbeat (spec 02 §10); it heartbeats every third of it.
     */
    public SkeinWorkerBuilder livenessTtl(Duration ttl) {
        this.livenessTtl = ttl;
        return this;
    }

    /** How many attempts run at once; the worker stops taking grants while all slots are busy. */
    public SkeinWorkerBuilder capacity(int maxConcurrentExecutions) {
        this.capacity = maxConcurrentExecutions;
        return this;
    }

    /** The lease each claim asks for; renewed every third of it while the handler runs. */
    public SkeinWorkerBuilder leaseTtl(Duration ttl) {
        this.leaseTtl = ttl;
        return this;
    }

    /** How long one command waits for its reply. */
    public SkeinWorkerBuilder commandTimeout(Duration timeout) {
        this.commandTimeout = timeout;
        return this;
    }

    /** How long {@link SkeinWorker#close()} waits for running handlers before interrupting them. */
    public SkeinWorkerBuilder shutdownGrace(Duration grace) {
        this.shutdownGrace = grace;
        return this;
    }

    /**
     * Optional: where the worker reads a claimed execution's kind, input and tags when the claim's reply does not
     * carry them (a reply of an engine older than the worker). Claims carry them, so a worker needs Kafka only.
     */
    public SkeinWorkerBuilder reads(EngineBackend backend) {
        this.reads = backend;
        return this;
    }

    /** Where the worker's meters go ({@link WorkerMetrics}); default Micrometer's global registry. */
    public SkeinWorkerBuilder meterRegistry(MeterRegistry registry) {
        this.meterRegistry = registry;
        return this;
    }

    /** The Jackson mapper typed handlers bind inputs and write results with; default {@link TypedJson#DEFAULT}. */
    public SkeinWorkerBuilder json(ObjectMapper mapper) {
        this.json = mapper;
        return this;
    }

    /** The layout the lane's dispatch topic is created with when the worker starts before the engine made it. */
    public SkeinWorkerBuilder dispatchTopicLayout(int partitionCount, short replication) {
        this.dispatchPartitions = partitionCount;
        this.replicationFactor = replication;
        return this;
    }

    /** Checks the configuration and returns a worker that is not polling yet: register handlers, then start it. */
    public SkeinWorker build() {
        boolean kafka = bootstrapServers != null && !bootstrapServers.isBlank();
        if (kafka == (http != null)) {
            throw EngineError.invalidInput("bootstrap_servers or http: exactly one is required");
        }
        if (lane == null) {
            throw EngineError.invalidInput("lane_id: required");
        }
        if (workerId == null) {
            throw EngineError.invalidInput("worker_id: required");
        }
        if (topics == null || partitions == null || capabilities == null || meterRegistry == null || json == null
                || namespace == null) {
            throw EngineError.invalidInput("topics, partitions, capabilities, namespace, meter registry and json: "
                    + "must not be null");
        }
        if (livenessTtl == null || livenessTtl.toMillis() < 3) {
            throw EngineError.invalidInput("liveness_ttl: must be at least 3 ms");
        }
        if (capacity < 1) {
            throw EngineError.invalidInput("capacity: must be at least 1, got " + capacity);
        }
        if (leaseTtl == null || leaseTtl.toMillis() < 3 || leaseTtl.toMillis() > Integer.MAX_VALUE) {
            throw EngineError.invalidInput("lease_ttl: must be between 3 ms and " + Integer.MAX_VALUE + " ms");
        }
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw EngineError.invalidInput("command_timeout: must be positive");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw EngineError.invalidInput("shutdown_grace: must not be negative");
        }
        if (dispatchPartitions < 1 || replicationFactor < 1) {
            throw EngineError.invalidInput("dispatch_topic_layout: partitions and replication must be at least 1");
        }
        if (workerInstanceId == null) {
            workerInstanceId = WorkerInstanceId.of(workerId.value() + "-" + UUID.randomUUID());
        }
        return new SkeinWorker(this);
    }
}
