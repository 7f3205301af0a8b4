package io.skein.sql.uow;

import java.sql.SQLException;

/** One try of a database call that {@link ContentionRetry} may repeat. */
@FunctionalInterface
public interface SqlAttempt<T> {
    T run() throws SQLException;
}
