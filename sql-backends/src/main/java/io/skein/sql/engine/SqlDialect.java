package io.skein.sql.engine;

import io.skein.core.api.BackendTag;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What differs between the SQL stores for the shared operation code: how a logical {@code uuid} is bound and
 * read (PostgreSQL {@code uuid}, SQLite 16-byte {@code BLOB}; spec 05 §1.1), which backend tag handles carry, and
 * how a write unit locks the rows it changes.
 */
public interface SqlDialect {

    BackendTag backendTag();

    /** {@code "sqlite"} or {@code "postgres"}: the backend label (spec 02 §12). */
    String label();

    void bindUuid(PreparedStatement ps, int index, UUID value) throws SQLException;

    UUID readUuid(ResultSet rs, String column) throws SQLException;

    /** {@link #readUuid(ResultSet, String)} by column position (row mappers on hot paths skip the name lookup). */
    UUID readUuid(ResultSet rs, int column) throws SQLException;

    /**
     * The clause a write unit appends to a {@code SELECT} of rows it is about to change, so concurrent units on other
     * connections serialise on them: {@code " FOR UPDATE"} on PostgreSQL, empty on SQLite (its single writer already
     * serialises every write unit).
     */
    default String forUpdate() {
        return rowLock(null, false);
    }

    /** Like {@link #forUpdate()}, but rows another unit holds are passed over (claim and timer candidate scans). */
    default String forUpdateSkipLocked() {
        return rowLock(null, true);
    }

    /**
     * The row-locking clause of {@link #forUpdate()}: locking only the rows of {@code of} (a table alias of a join;
     * null: every table), passing over rows another unit holds when {@code skipLocked}. Empty on SQLite.
     */
    default String rowLock(String of, boolean skipLocked) {
        return "";
    }

    /**
     * Whether every statement is a network round trip to a server (PostgreSQL) rather than an in-process call
     * (SQLite). A networked store reads an execution with its current attempt in one joined statement and sends a
     * unit's queued writes in one prepared statement joined by {@code ;} (its driver sends them in one round trip);
     * in-process, SQLite runs them one by one, and two primary-key lookups cost it less than the join.
     */
    default boolean networked() {
        return false;
    }

    /** PostgreSQL: {@code uuid} columns bound and read as {@link UUID} objects. */
    SqlDialect POSTGRES = new SqlDialect() {
        @Override
        public BackendTag backendTag() {
            return BackendTag.POSTGRES;
        }

        @Override
        public String label() {
            return "postgres";
        }

        @Override
        public void bindUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
            ps.setObject(index, value);
        }

        @Override
        public UUID readUuid(ResultSet rs, String column) throws SQLException {
            return readUuid(rs, rs.findColumn(column));
        }

        @Override
        public UUID readUuid(ResultSet rs, int column) throws SQLException {
            Object v = rs.getObject(column);
            if (v == null || v instanceof UUID) {
                return (UUID) v;
            }
            return UUID.fromString(v.toString());
        }

        @Override
        public String rowLock(String of, boolean skipLocked) {
            return " FOR UPDATE" + (of == null ? "" : " OF " + of) + (skipLocked ? " SKIP LOCKED" : "");
        }

        @Override
        public boolean networked() {
            return true;
        }
    };

    /** SQLite: uuids are 16 raw bytes, big-endian halves (the layout FlowFabric fixtures bind). */
    SqlDialect SQLITE = new SqlDialect() {
        @Override
        public BackendTag backendTag() {
            return BackendTag.SQLITE;
        }

        @Override
        public String label() {
            return "sqlite";
        }

        @Override
        public void bindUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
            ps.setBytes(index, ByteBuffer.allocate(16).putLong(value.getMostSignificantBits())
                    .putLong(value.getLeastSignificantBits()).array());
        }

        @Override
        public UUID readUuid(ResultSet rs, String column) throws SQLException {
            return readUuid(rs, rs.findColumn(column));
        }

        @Override
        public UUID readUuid(ResultSet rs, int column) throws SQLException {
            byte[] b = rs.getBytes(column);
            if (b == null) {
                return null;
            }
            if (b.length == 16) {
                ByteBuffer buf = ByteBuffer.wrap(b);
                return new UUID(buf.getLong(), buf.getLong());
            }
            // A fixture may bind the text form; accept it rather than report corruption.
            return UUID.fromString(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
    };
}
