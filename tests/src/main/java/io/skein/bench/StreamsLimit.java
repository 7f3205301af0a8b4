package io.skein.bench;

import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The limit row of {@code submit_claim_complete} (issue 17): a Kafka Streams topology that decides nothing, with
 * Skein's Streams settings (exactly-once v2, commit interval, linger, partitions) on the same kind of in-process
 * broker, carrying the records one Skein execution costs: three commands in (create, claim, complete), and per
 * command a reply, an event and a changelogged de-dup entry, plus one dispatch record per create. A driver plays the
 * client and the workers: it submits with Skein's in-flight window, claims what dispatch hands out and completes
 * what it claimed. Whatever Skein does on top of this is the engine's cost; this row is the ceiling of the design.
 */
final class StreamsLimit {

    static final String MODE = "kafka-limit";
    private static final byte CREATE = 1;
    private static final byte CLAIM = 2;
    private static final byte COMPLETE = 3;
    private static final String COMMANDS = "limit-commands";
    private static final String REPLIES = "limit-replies";
    private static final String EVENTS = "limit-events";
    private static final String DISPATCH = "limit-dispatch";

    /**
     * Creates the driver keeps in flight. Skein's 128 would bound this row by the window (~2,100 executions/s on the
     * 2-core machine, against ~8,800 with 1024); the do-nothing topology has no queue of work to hold it back.
     */
    static final int IN_FLIGHT = 1024;
    /** The least run that reaches a steady state: twenty windows (a run of one window completes in one burst). */
    static final int MIN_EXECUTIONS = 20 * IN_FLIGHT;

    private StreamsLimit() {}

    /** The limit row alone: {@code StreamsLimit [executions] [payload bytes]}. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 6_000;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        BenchResult r = run(n, payload);
        System.out.println(r.perSecond() + "/s steady " + r.extra().get("steady_per_s") + "/s p50 " + r.p50Ms() + " ms");
    }

    static BenchResult run(int n, int payloadBytes) throws Exception {
        Path dir = Files.createTempDirectory("skein-bench-limit-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0)) {
            SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(), dir.resolve("state"))
                    .withApplicationId("skein-limit");
            int partitions = config.commandPartitions();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                List<NewTopic> topics = new ArrayList<>();
                for (String t : List.of(COMMANDS, REPLIES, EVENTS, DISPATCH)) {
                    topics.add(new NewTopic(t, partitions, (short) 1));
                }
                admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            }
            Properties props = config.streamsProperties(null);
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "skein-limit");
            try (KafkaStreams streams = new KafkaStreams(topology(), props)) {
                streams.start();
                waitRunning(streams);
                // warm-up as for Skein: the JIT and the clients' metadata, not reported
                drive(broker.bootstrapServers(), Math.min(2_000, n), payloadBytes, partitions);
                return drive(broker.bootstrapServers(), Math.max(n, MIN_EXECUTIONS), payloadBytes, partitions);
            }
        }
    }

    private static Topology topology() {
        Topology t = new Topology();
        t.addSource("commands", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), COMMANDS);
        t.addProcessor("decide-nothing", PassThrough::new, "commands");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("dedup"), Serdes.String(),
                Serdes.ByteArray()), "decide-nothing");
        t.addSink("replies", REPLIES, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "decide-nothing");
        t.addSink("events", EVENTS, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "decide-nothing");
        t.addSink("dispatch", DISPATCH, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                "decide-nothing");
        return t;
    }

    /** Remembers the command (changelogged), answers it, emits its event, and hands a new execution to dispatch. */
    private static final class PassThrough implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> dedup;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.dedup = context.getStateStore("dedup");
        }

        @Override
        public void process(Record<String, byte[]> record) {
            byte kind = record.value()[0];
            dedup.put(UUID.randomUUID().toString(), new byte[] {kind});
            byte[] reply = new byte[] {kind};
            context.forward(new Record<>(record.key(), reply, record.timestamp()), "replies");
            context.forward(new Record<>(record.key(), new byte[64], record.timestamp()), "events");
            if (kind == CREATE) {
                context.forward(new Record<>(record.key(), new byte[96], record.timestamp()), "dispatch");
            }
        }
    }

    private static void waitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the limit topology did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    /** Submits {@code n} executions and plays their workers until every one completed; the measured row. */
    private static BenchResult drive(String bootstrap, int n, int payloadBytes, int partitions) throws Exception {
        Map<String, Long> submittedAt = new ConcurrentHashMap<>(n * 2);
        Latencies endToEnd = new Latencies(n);
        AtomicInteger done = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        SteadyRate steady = new SteadyRate(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        String run = Long.toHexString(System.nanoTime());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            Thread replies = reader(bootstrap, REPLIES, partitions, run, stop, failure, r -> {
                String id = r.key();
                switch (r.value()[0]) {
                    case CREATE -> inFlight.release();
                    case CLAIM -> producer.send(new ProducerRecord<>(COMMANDS, id, new byte[] {COMPLETE, 0}));
                    case COMPLETE -> {
                        long at = System.nanoTime();
                        Long t0 = submittedAt.get(id);
                        if (t0 != null) {
                            endToEnd.add(at - t0);
                        }
                        lastDone.accumulateAndGet(at, Math::max);
                        steady.completed(done.incrementAndGet(), at);
                    }
                    default -> throw new IllegalStateException("unknown reply kind " + r.value()[0]);
                }
            });
            Thread dispatch = reader(bootstrap, DISPATCH, partitions, run, stop, failure,
                    r -> producer.send(new ProducerRecord<>(COMMANDS, r.key(), new byte[] {CLAIM, 0})));
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(3);
            byte[] create = new byte[1 + payloadBytes];
            create[0] = CREATE;
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                String id = run + "-" + i;
                submittedAt.put(id, System.nanoTime());
                producer.send(new ProducerRecord<>(COMMANDS, id, create));
            }
            while (done.get() < n) {
                if (System.nanoTime() > deadline || failure.get() != null) {
                    throw new IllegalStateException("the limit row: " + done.get() + " of " + n
                            + " completed before the deadline", failure.get());
                }
                Thread.sleep(5);
            }
            stop.set(true);
            replies.join(10_000);
            dispatch.join(10_000);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("executions", n);
            params.put("payload_bytes", payloadBytes);
            params.put("in_flight", IN_FLIGHT);
            params.put("records_per_execution", "3 commands, 3 replies, 3 events, 3 changelog, 1 dispatch");
            BenchResult r = BenchResult.of(SubmitClaimComplete.NAME, MODE, "limit: do-nothing Streams EOS topology",
                    params, endToEnd, lastDone.get() - start, true);
            steady.addTo(r);
            return r;
        }
    }

    /** A read_committed reader of every partition of {@code topic}, from the end, until {@code stop}. */
    private static Thread reader(String bootstrap, String topic, int partitions, String run, AtomicBoolean stop,
                                 AtomicReference<Throwable> failure,
                                 java.util.function.Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position); // the end is resolved here, before the clock starts: no record is missed
        Thread t = new Thread(() -> {
            try (consumer) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        if (r.key().startsWith(run)) {
                            onRecord.accept(r);
                        }
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "limit-" + topic);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
