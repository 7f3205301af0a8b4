package io.skein.connectors.cli;

import io.skein.sql.engine.EngineTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code FF_*} variables {@code skein serve} reads (spec 03 §3), each also an option of the same name in
 * kebab case ({@code FF_KAFKA_GRANT_WINDOW} is {@code --kafka-grant-window}) whose default is the variable, so
 * {@code skein serve --help} documents every one and a value can be given either way. {@code skein dev} gets the
 * ones it does not set itself. Help shows a variable's current value, except the secrets'.
 */
public final class EnvOptions implements CommandLine.IModelTransformer {

    /** One variable: its name, what its value looks like, what it does (with its default), whether it is secret. */
    record Variable(String name, String label, String description, boolean secret) {

        /** {@code FF_KAFKA_GRANT_WINDOW} → {@code --kafka-grant-window}. */
        String option() {
            return "--" + name.substring("FF_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What {@code skein dev} decides itself (spec 03 §4): not options of dev. */
    static final Set<String> DEV_OWNED = Set.of("FF_MODE", "FF_BACKEND", "FF_POSTGRES_URL", "FF_POSTGRES_POOL_SIZE",
            "FF_POSTGRES_OUTBOX_NOTIFY", "FF_SQLITE_PATH", "FF_DEV_MODE", "FF_KAFKA_BOOTSTRAP_SERVERS",
            "FF_KAFKA_STATE_DIR", "FF_KAFKA_REPLICATION_FACTOR", "FF_LISTEN_ADDR");

    static final List<Variable> SERVE = variables();

    private static List<Variable> variables() {
        List<Variable> v = new ArrayList<>();
        v.add(plain("FF_MODE", "MODE", "kafka (commands through the topology) or direct (the SQL store served "
                + "directly); unset: kafka when FF_KAFKA_BOOTSTRAP_SERVERS is set, else direct."));
        v.add(plain("FF_BACKEND", "NAME", "The SQL store: postgres (default) or sqlite."));
        v.add(secret("FF_POSTGRES_URL", "URL", "PostgreSQL: postgres://user:password@host:5432/db or "
                + "jdbc:postgresql://…; required for postgres."));
        v.add(plain("FF_POSTGRES_POOL_SIZE", "N", "PostgreSQL connections (default 10)."));
        v.add(plain("FF_POSTGRES_OUTBOX_NOTIFY", "on|off", "NOTIFY outbox listeners at commit (default on; off is "
                + "faster when nobody LISTENs)."));
        v.add(plain("FF_SQLITE_PATH", "PATH", "SQLite file, :memory: (default) or a file: URI."));
        v.add(plain("FF_SQLITE_POOL_SIZE", "N", "SQLite connections (default 4)."));
        v.add(plain("FF_DEV_MODE", "1", "Must be 1 to run on SQLite (single process, dev only)."));
        v.add(secret("FF_WAITPOINT_HMAC_SECRET", "HEX", "Waitpoint token secret, exactly 64 hex characters; "
                + "required."));
        v.add(plain("FF_WAITPOINT_HMAC_KID", "KID", "Key id the secret is seeded under (default k1)."));
        v.add(plain("FF_WAITPOINT_HMAC_GRACE_MS", "MS", "How long retired secrets still verify after a rotation "
                + "(default 86400000)."));
        v.add(plain("FF_LISTEN_ADDR", "HOST:PORT", "Where the HTTP API listens (default 0.0.0.0:9090)."));
        v.add(secret("FF_API_TOKEN", "TOKEN", "Bearer token every API request must carry; unset: none "
                + "(a warning at start)."));
        v.add(plain("FF_CORS_ORIGINS", "ORIGINS", "Comma list of allowed origins, or * (default *)."));
        v.add(plain("FF_LANES", "LANES", "Comma list of lanes registered at start (default default)."));
        v.add(plain("FF_FLOW_PARTITIONS", "N", "Execution and flow partitions (default 256; fixed per "
                + "deployment)."));
        v.add(plain("FF_BUDGET_PARTITIONS", "N", "Budget partitions (default 32; fixed per deployment)."));
        v.add(plain("FF_QUOTA_PARTITIONS", "N", "Quota partitions (default 32; fixed per deployment)."));
        v.add(plain("FF_SHUTDOWN_GRACE_MS", "MS", "How long a stop drains running requests (default 15000)."));
        v.add(plain("FF_RETENTION_MS", "MS", "Age after which terminal executions are purged (default 0: kept)."));
        v.add(plain("FF_MAX_CONCURRENT_STREAM_OPS", "N", "Stream reads and tails in flight at most (default 64)."));
        v.add(plain("FF_KAFKA_BOOTSTRAP_SERVERS", "HOSTS", "The Kafka cluster; required in Kafka mode."));
        v.add(plain("FF_KAFKA_TOPIC_PREFIX", "PREFIX", "Prefix of every topic name (default ff.)."));
        v.add(plain("FF_KAFKA_APPLICATION_ID", "ID", "Streams application id, shared by the instances of one "
                + "deployment (default skein)."));
        v.add(plain("FF_KAFKA_APPLICATION_SERVER", "HOST:PORT", "This instance's HTTP address, for peers' "
                + "interactive queries."));
        v.add(plain("FF_KAFKA_COMMAND_PARTITIONS", "N", "Partitions of the command topic (default 12)."));
        v.add(plain("FF_KAFKA_DISPATCH_PARTITIONS", "N", "Partitions of each lane's dispatch topic (default 3)."));
        v.add(plain("FF_KAFKA_REPLICATION_FACTOR", "N", "Replication of the topics Skein creates (default 3)."));
        v.add(plain("FF_KAFKA_GRANT_WINDOW", "N", "Outstanding lane grants per lane and partition (default 64)."));
        v.add(plain("FF_KAFKA_GRANT_TTL_MS", "MS", "Life of an unused lane grant (default 30000)."));
        v.add(plain("FF_KAFKA_TIMER_INTERVAL_MS", "MS", "How often each task fires its due timers (default 100)."));
        v.add(plain("FF_KAFKA_STREAM_THREADS", "N", "Kafka Streams threads (default 1)."));
        v.add(plain("FF_KAFKA_COMMIT_INTERVAL_MS", "MS", "Longest wait for a Streams commit (default 50)."));
        v.add(plain("FF_KAFKA_SQL_BATCH", "N", "Commands per SQL unit of work at most (default 256)."));
        v.add(plain("FF_KAFKA_GROUP_INSTANCE_ID", "ID", "This instance's static member id in the engine's consumer "
                + "group, so a restart takes its partitions back at once (default: one kept in the state folder; "
                + "none: dynamic membership)."));
        v.add(plain("FF_KAFKA_SESSION_TIMEOUT_MS", "MS", "How long a silent instance keeps its partitions "
                + "(default 10000; the broker allows 6000 and up)."));
        v.add(plain("FF_KAFKA_STATE_DIR", "DIR", "Where Kafka Streams keeps its local stores (default "
                + ServeConfig.DEFAULT_STATE_DIR + ")."));
        v.add(plain("FF_KAFKA_CLAIM_WAIT_MS", "MS", "Least time a Kafka-mode claim waits for a grant (default "
                + ServeConfig.DEFAULT_CLAIM_WAIT_MS + ")."));
        for (EngineTimer timer : EngineTimer.values()) {
            boolean millis = timer.intervalInMillis();
            long interval = millis ? timer.defaultInterval().toMillis() : timer.defaultInterval().toSeconds();
            v.add(plain(timer.intervalVariable(), millis ? "MS" : "S", "Interval of the " + timer.timerName()
                    .replace('_', ' ') + " timer (spec 05 §4 row " + timer.row() + "; default " + interval
                    + (millis ? " ms" : " s") + ")."));
        }
        return List.copyOf(v);
    }

    private static Variable plain(String name, String label, String description) {
        return new Variable(name, label, description, false);
    }

    private static Variable secret(String name, String label, String description) {
        return new Variable(name, label, description, true);
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        boolean dev = spec.name().equals("dev");
        for (Variable v : SERVE) {
            if (dev && DEV_OWNED.contains(v.name())) {
                continue;
            }
            String now = v.secret() ? "set or not, never shown" : "now: ${env:" + v.name() + ":-unset}";
            spec.addOption(OptionSpec.builder(v.option())
                    .paramLabel(v.label())
                    .type(String.class)
                    .description(v.description() + " Env " + v.name() + " (" + now + ").")
                    .build());
        }
        return spec;
    }

    /**
     * The environment {@code spec}'s command runs with: a variable given as its option on the command line, else
     * {@code env}'s value.
     */
    static Function<String, String> environment(CommandSpec spec, Function<String, String> env) {
        if (spec == null) {
            return env;
        }
        CommandLine.ParseResult parsed = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
        return name -> {
            String option = new Variable(name, "", "", false).option();
            if (parsed != null && name.startsWith("FF_") && parsed.hasMatchedOption(option)) {
                return parsed.matchedOptionValue(option, (String) null);
            }
            return env.apply(name);
        };
    }
}
