package io.skein.sql.uow;

import java.sql.SQLException;

/** The body of a write unit of work; it may be run again when the store reports contention. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(UnitOfWork unit) throws SQLException;
}
