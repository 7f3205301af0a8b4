package io.skein.sql.engine;

import io.skein.sql.sqlite.SqliteBackend;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQLite's query plan of one statement, for tests that hold a read to an index. */
final class SqlitePlans {

    private SqlitePlans() {}

    /** The plan's detail lines joined with " | " (uuid parameters bound as SQLite stores them: 16 bytes). */
    static String plan(SqliteBackend backend, String sql, List<Object> params) {
        List<String> details = backend.database().read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
                int i = 1;
                for (Object p : params) {
                    ps.setObject(i++, p instanceof UUID u ? ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                            .putLong(u.getLeastSignificantBits()).array() : p);
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString("detail"));
                    }
                }
                return rows;
            }
        });
        return String.join(" | ", details);
    }

    /** Whether {@code plan} reads {@code index} (covering or not). */
    static boolean uses(String plan, String index) {
        return plan.contains("USING INDEX " + index) || plan.contains("USING COVERING INDEX " + index);
    }
}
