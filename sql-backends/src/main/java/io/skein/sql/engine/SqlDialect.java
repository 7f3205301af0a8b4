package io.skein.sql.engine;

import io.skein.core.api.BackendTag;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What differs between the SQL stores for the shared operation code: how a logical {@code uuid} is bound and
 * read (PostgreSQL {@code uuid}, SQLite 16-byte {@code BLOB}; spec 05 §1.1) and which backend tag handles carry.
 */
public interface SqlDialect {

    BackendTag backendTag();

    /** {@code "sqlite"} or {@code "postgres"}: the backend label (spec 02 §12). */
    String label();

    void bindUuid(PreparedStatement ps, int index, UUID value) throws SQLException;

    UUID readUuid(ResultSet rs, String column) throws SQLException;

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
