package io.skein.sql;

import io.skein.core.wire.WireEnum;

/** Why a SQL backend refused to start (spec 05 §5, §6; 03 §4 step 3). Every start failure ends the server with exit 1. */
public enum StartFailure implements WireEnum {
    /** SQLite was asked for without {@code FF_DEV_MODE=1} (05 §5). */
    REQUIRES_DEV_MODE,
    /** A configuration value is out of range or malformed; the message names the variable. */
    INVALID_CONFIGURATION,
    /** Another process holds the database's lock file (05 §5 "One process"). */
    DATABASE_LOCKED,
    /** The database could not be opened or configured. */
    DATABASE_UNAVAILABLE,
    /** An applied migration's recorded checksum differs from the shipped script (05 §6). */
    MIGRATION_CHECKSUM_MISMATCH,
    /** The database carries a version this binary does not know and that is not backward compatible (05 §6). */
    UNKNOWN_SCHEMA_VERSION,
    /** A migration script failed; its transaction was rolled back. */
    MIGRATION_FAILED,
    /** The recorded partition counts differ from the configured ones (01 §3). */
    PARTITION_CONFIG_MISMATCH
}
