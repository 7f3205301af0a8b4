package io.skein.engine.state;

import io.skein.core.api.WaitpointState;
import io.skein.core.hmac.WaitpointTokenFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.wire.WireEnum;
import java.util.UUID;

/**
 * The image of one {@code ff_waitpoint_pending} row (spec 05 §1.6; every waitpoint, whatever its state). Fields
 * mirror columns; the store writes the mutable ones back.
 */
public final class Waitpoint {
    public ExecutionId executionId;
    public UUID waitpointId;
    public Integer attemptIndex;
    public UUID suspensionId;
    /** Stored key text; {@code ''} on a raw row without a key. */
    public String waitpointKey = "";
    public String tokenKid;
    public String token;
    /** Stored state literal: {@code pending}, {@code active} or {@code closed}. */
    public String state = WaitpointState.PENDING.wire();
    /** JSON array text. */
    public String requiredSignalNames = "[]";
    /** JSON of the suspension's resume condition, or null while pending. */
    public String condition;
    public long createdAtMs;
    public Long activatedAtMs;
    public Long expiresAtMs;
    public Long closedAtMs;
    public String closeReason;
    public int signalCount;
    public int matchedSignalCount;
    public Long lastSignalAtMs;

    public WaitpointId id() {
        return new WaitpointId(waitpointId);
    }

    /** The key conditions name this waitpoint by; a row stored without one answers to {@code wpk:<id>}. */
    public WaitpointKey key() {
        return waitpointKey == null || waitpointKey.isEmpty() ? WaitpointKey.defaultFor(id())
                : WaitpointKey.of(waitpointKey);
    }

    /** The stored fields its token is bound to (spec 04 §1.2). */
    public WaitpointTokenFields tokenFields() {
        return new WaitpointTokenFields(executionId, id(), key(), createdAtMs);
    }

    /** The state literal parsed; an unknown literal reads as {@code closed} (it is never signalable). */
    public WaitpointState parsedState() {
        WaitpointState s = WireEnum.lookup(WaitpointState.class, state);
        return s == null ? WaitpointState.CLOSED : s;
    }

    public boolean isPending() {
        return parsedState() == WaitpointState.PENDING;
    }

    public boolean isClosed() {
        return parsedState() == WaitpointState.CLOSED;
    }

    /** A pending waitpoint past {@code expires_at} (the expiry timer may not have closed it yet). */
    public boolean pendingExpiredAt(long now) {
        return isPending() && expiresAtMs != null && expiresAtMs <= now;
    }

    /** A copy of this image: a store that keeps images in memory hands out copies, so a decision that is
     *  rejected half way leaves the stored one untouched. Byte arrays are never changed in place, so they are
     *  shared. */
    public Waitpoint copy() {
        Waitpoint c = new Waitpoint();
        c.executionId = executionId;
        c.waitpointId = waitpointId;
        c.attemptIndex = attemptIndex;
        c.suspensionId = suspensionId;
        c.waitpointKey = waitpointKey;
        c.tokenKid = tokenKid;
        c.token = token;
        c.state = state;
        c.requiredSignalNames = requiredSignalNames;
        c.condition = condition;
        c.createdAtMs = createdAtMs;
        c.activatedAtMs = activatedAtMs;
        c.expiresAtMs = expiresAtMs;
        c.closedAtMs = closedAtMs;
        c.closeReason = closeReason;
        c.signalCount = signalCount;
        c.matchedSignalCount = matchedSignalCount;
        c.lastSignalAtMs = lastSignalAtMs;
        return c;
    }
}
