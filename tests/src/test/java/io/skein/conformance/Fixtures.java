package io.skein.conformance;

import java.util.List;
import java.util.Map;

/**
 * Writes and reads raw state the way the seed tests do (plain SQL in direct mode). Tests use it only to stage an
 * unusual state or to read a column the API does not expose.
 */
public interface Fixtures {

    /** Runs one statement in its own unit; UUID parameters bind in the store's uuid form. */
    int exec(String sql, Object... params);

    long queryLong(String sql, Object... params);

    /** The first column of the first row as text, or null. */
    String queryString(String sql, Object... params);

    /** The first column of every row as text, in result order (portable instead of group_concat / string_agg). */
    List<String> queryStrings(String sql, Object... params);

    /** The first column of the first row read as a logical uuid (BLOB on SQLite, uuid on PostgreSQL), or null. */
    java.util.UUID queryUuid(String sql, Object... params);

    /**
     * Every row of every {@code ff_*} table (but the command log and the migration ledger), rendered as text:
     * two equal snapshots mean "nothing changed" (spec 06 harness).
     */
    Map<String, List<String>> snapshot();
}
