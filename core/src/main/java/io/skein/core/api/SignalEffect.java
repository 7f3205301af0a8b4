package io.skein.core.api;

import io.skein.core.wire.WireEnum;

/** What a delivered signal did (spec 04 §2.2 "Effects returned by deliverSignal"). */
public enum SignalEffect implements WireEnum {
    /** This signal completed the resume condition. */
    RESUME_CONDITION_SATISFIED,
    /** It matched a node; the condition is not yet satisfied. */
    APPENDED_TO_WAITPOINT,
    /** It matched, but its satisfier was already counted. */
    APPENDED_TO_WAITPOINT_DUPLICATE,
    /** A {@code Single} condition whose matcher rejected it. */
    NO_OP,
    /** A composite condition whose every node referencing the waitpoint rejected it. */
    SIGNAL_IGNORED_MATCHER_FAILED,
    /** No node references the waitpoint's key. */
    SIGNAL_IGNORED_NOT_IN_CONDITION,
    /** The waitpoint is {@code pending}; the signal waits for the suspension (D9). */
    BUFFERED_FOR_PENDING_WAITPOINT
}
