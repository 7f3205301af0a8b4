package io.skein.sql.engine;

import java.util.function.Function;

/** Runs operation code in units of work against one SQL store. */
public interface TxRunner {

    /** One write transaction; a typed rejection thrown by {@code work} rolls it back and propagates. */
    <T> T write(Function<Tx, T> work);

    /** One read-only snapshot. */
    <T> T read(Function<Tx, T> work);
}
