package io.skein.kafka;

import io.skein.core.id.ExecutionId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/** Read-only questions a test asks an engine's SQLite file after the run (the engine may be stopped or running). */
final class SqliteFile implements FaultLoad.StoreRows {

    private final Path file;

    SqliteFile(Path file) {
        this.file = file;
    }

    @Override
    public Map<String, String> publicStates() {
        return query("SELECT partition_key, lower(hex(execution_id)), public_state FROM ff_exec_core");
    }

    @Override
    public Map<String, String> completionEventRows() {
        return query("SELECT partition_key, lower(hex(execution_id)), COUNT(*) FROM ff_completion_event "
                + "GROUP BY partition_key, execution_id");
    }

    private Map<String, String> query(String sql) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        Map<String, String> out = new HashMap<>();
        try (Connection c = config.createConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(executionId(rs.getInt(1), rs.getString(2)), rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String executionId(int partition, String hex) {
        String uuid = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
        return ExecutionId.of(partition, java.util.UUID.fromString(uuid)).toString();
    }
}
