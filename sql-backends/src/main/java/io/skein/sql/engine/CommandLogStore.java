package io.skein.sql.engine;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code ff_command_log} (spec 05 §7): every command the topology applied, rejected ones included, with its reply
 * and its output records: a command replayed after its Kafka transaction was lost re-emits both and changes nothing.
 */
public final class CommandLogStore {

    /** A logged command: the reply JSON and the output records (JSON array) it produced. */
    public record Logged(String resultJson, String outputsJson) {}

    private CommandLogStore() {}

    public static Optional<Logged> find(Tx tx, UUID commandId) {
        return tx.queryOne("SELECT result_json, outputs_json FROM ff_command_log WHERE command_id = ?",
                rs -> new Logged(rs.getString(1), rs.getString(2)), commandId);
    }

    public static void insert(Tx tx, UUID commandId, Integer partitionKey, String commandType, String resultJson,
                              String outputsJson, long retentionMs) {
        tx.update("INSERT INTO ff_command_log (command_id, partition_key, command_type, result_json, outputs_json, "
                        + "applied_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                commandId, partitionKey, commandType, resultJson, outputsJson, tx.now(), tx.now() + retentionMs);
    }
}
