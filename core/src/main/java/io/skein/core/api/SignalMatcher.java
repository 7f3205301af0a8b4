package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Which signals a resume-condition node accepts (spec 04 §2.2). */
@ExternallyTagged
public sealed interface SignalMatcher permits SignalMatcher.ByName, SignalMatcher.Wildcard {

    /** Whether a signal named {@code signalName} passes this matcher. */
    boolean matches(String signalName);

    /** Only signals with exactly this name; the name must be non-empty ({@link ResumeCondition#validateStructure}). */
    record ByName(String name) implements SignalMatcher {
        @Override
        public boolean matches(String signalName) {
            return name != null && name.equals(signalName);
        }
    }

    /** Every signal. */
    record Wildcard() implements SignalMatcher {
        @Override
        public boolean matches(String signalName) {
            return true;
        }
    }
}
