package io.skein.kafka;

import io.skein.core.id.ExecutionId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** {@link FaultLoad.StoreRows} of an engine's PostgreSQL database, read over its JDBC URL. */
final class PostgresRows implements FaultLoad.StoreRows {

    private final String jdbcUrl;

    PostgresRows(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    @Override
    public Map<String, String> publicStates() {
        return query("SELECT partition_key, execution_id, public_state FROM ff_exec_core");
    }

    @Override
    public Map<String, String> completionEventRows() {
        return query("SELECT partition_key, execution_id, COUNT(*) FROM ff_completion_event "
                + "GROUP BY partition_key, execution_id");
    }

    private Map<String, String> query(String sql) {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(ExecutionId.of(rs.getInt(1), rs.getObject(2, UUID.class)).toString(), rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return out;
    }
}
