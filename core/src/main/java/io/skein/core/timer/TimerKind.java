package io.skein.core.timer;

import io.skein.core.wire.WireEnum;

/**
 * The timers of one execution (spec 05 §4 rows 1–7): what a Kafka-mode task keeps in its timer store and fires as an
 * internal command when due. Each has a one-byte code for store keys, stable across releases.
 */
public enum TimerKind implements WireEnum {
    /** Row 1, mark: the current attempt's lease runs out. */
    LEASE_EXPIRY('l'),
    /** Row 1, re-queue: a fenced (expired or revoked) execution is made claimable again; due at once. */
    RECLAIM('r'),
    /** Row 2: the current attempt's timeout. */
    ATTEMPT_TIMEOUT('a'),
    /** Row 3: the execution's deadline. */
    EXECUTION_DEADLINE('d'),
    /** Row 4: the open suspension's timeout. */
    SUSPENSION_TIMEOUT('s'),
    /** Row 5: a pending waitpoint that was never committed expires; detail = the waitpoint id. */
    PENDING_WAITPOINT_EXPIRY('w'),
    /** Row 6: a delayed execution becomes eligible. */
    DELAYED_PROMOTION('p'),
    /** Row 7: a claim grant expires; detail = the grant key. */
    CLAIM_GRANT_EXPIRY('g');

    private final byte code;

    TimerKind(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The kind of {@code code}; throws on a byte no kind uses. */
    public static TimerKind ofCode(byte code) {
        for (TimerKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("no timer kind has code " + code);
    }
}
