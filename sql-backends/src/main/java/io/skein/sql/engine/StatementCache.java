package io.skein.sql.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of one long-lived connection, reused across units of work. SQLite's driver compiles every
 * {@code prepareStatement} afresh, and the operation code issues the same few dozen statements over and over, so
 * reuse removes most of the per-unit cost. Not thread-safe: it belongs to the single writer, used under its lock.
 */
public final class StatementCache {

    private Connection owner;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    PreparedStatement get(Connection connection, String sql) throws SQLException {
        if (connection != owner) {
            clear();
            owner = connection;
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** Closes every cached statement (the connection is going away or changed). */
    public void clear() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing a statement of a dead connection: nothing to keep
            }
        }
        statements.clear();
        owner = null;
    }
}
