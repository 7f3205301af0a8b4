package io.skein.sql.uow;

import java.sql.Connection;
import java.sql.SQLException;

/** The body of a read on a pooled reader connection inside one read transaction (a consistent snapshot). */
@FunctionalInterface
public interface SqlRead<T> {
    T run(Connection connection) throws SQLException;
}
