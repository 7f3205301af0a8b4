package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** How a terminal execution ended; {@code none} while not terminal (spec 01 §5). */
public enum TerminalOutcome implements WireEnum {
    NONE, SUCCESS, FAILED, CANCELLED, EXPIRED, SKIPPED
}
