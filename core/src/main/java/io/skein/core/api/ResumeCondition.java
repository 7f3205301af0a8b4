package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.WaitpointKey;
import io.skein.core.wire.ExternallyTagged;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When a suspension resumes (spec 04 §2.2). Constructors accept any shape so that a malformed condition read from a
 * request reaches {@link #validateStructure()}, which every backend runs before it writes anything.
 */
@ExternallyTagged
public sealed interface ResumeCondition permits ResumeCondition.Single, ResumeCondition.OperatorOnly,
        ResumeCondition.TimeoutOnly, ResumeCondition.AllOf, ResumeCondition.Count {

    /** The deepest allowed nesting; the root is at depth 1 and each {@code AllOf} member one deeper. */
    int MAX_DEPTH = 4;

    /** {@code required_signal_names} entry of a waitpoint under {@link OperatorOnly} (spec 04 §1.1). */
    String OPERATOR_ONLY_MARKER = "__operator_only__";

    /** {@code required_signal_names} entry of a waitpoint under {@link TimeoutOnly} (spec 04 §1.1). */
    String TIMEOUT_ONLY_MARKER = "__timeout_only__";

    /** Satisfied by one signal on the waitpoint with this key that passes the matcher (null = every signal). */
    record Single(WaitpointKey waitpointKey, SignalMatcher matcher) implements ResumeCondition {}

    /** Never satisfied by a signal: only {@code resumeExecution} or the timeout behaviour end the wait. */
    record OperatorOnly() implements ResumeCondition {}

    /** Never satisfied by a signal; the suspension needs {@code timeoutAt}. */
    record TimeoutOnly() implements ResumeCondition {}

    /** Satisfied when every member is; a null member list reads as empty (and fails validation). */
    record AllOf(List<ResumeCondition> members) implements ResumeCondition {
        public AllOf {
            members = members == null ? List.of() : List.copyOf(members);
        }
    }

    /**
     * Satisfied by at least {@code n} distinct satisfiers ({@code countKind}) among signals on the listed waitpoints
     * that pass {@code matcher} (null = every signal). AnyOf is {@code Count{n: 1}}.
     */
    record Count(int n, CountKind countKind, SignalMatcher matcher, List<WaitpointKey> waitpoints)
            implements ResumeCondition {
        public Count {
            waitpoints = waitpoints == null ? List.of() : List.copyOf(waitpoints);
        }
    }

    /**
     * Checks the structural rules of spec 04 §2.2, throwing {@code Validation(InvalidInput, detail)} with detail
     * {@code condition_depth_exceeded}, {@code allof_empty_members}, {@code count_n_zero},
     * {@code count_waitpoints_empty}, {@code count_exceeds_waitpoint_set}, {@code matcher_name_empty},
     * {@code condition_missing} (a null node), {@code count_kind_missing} or {@code single_waitpoint_key_missing}.
     */
    default void validateStructure() {
        validateNode(this, 1);
    }

    /** Every waitpoint key this condition references, in first-reference order, without duplicates. */
    default List<WaitpointKey> referencedWaitpointKeys() {
        Set<WaitpointKey> keys = new LinkedHashSet<>();
        collectKeys(this, keys);
        return List.copyOf(keys);
    }

    /**
     * The {@code required_signal_names} listing aid for the waitpoint with {@code key} (spec 04 §1.1): the
     * {@code ByName} names of the nodes referencing it, {@code []} when one of them is a wildcard or none references
     * it, the marker of an {@link OperatorOnly} or {@link TimeoutOnly} root.
     */
    default List<String> requiredSignalNames(WaitpointKey key) {
        if (this instanceof OperatorOnly) {
            return List.of(OPERATOR_ONLY_MARKER);
        }
        if (this instanceof TimeoutOnly) {
            return List.of(TIMEOUT_ONLY_MARKER);
        }
        List<SignalMatcher> matchers = new ArrayList<>();
        collectMatchers(this, key, matchers);
        Set<String> names = new LinkedHashSet<>();
        for (SignalMatcher m : matchers) {
            if (m instanceof SignalMatcher.ByName byName) {
                names.add(byName.name());
            } else {
                return List.of();
            }
        }
        return List.copyOf(names);
    }

    private static void validateNode(ResumeCondition node, int depth) {
        if (depth > MAX_DEPTH) {
            throw EngineError.invalidInput("condition_depth_exceeded");
        }
        if (node == null) {
            throw EngineError.invalidInput("condition_missing");
        }
        if (node instanceof Single single) {
            if (single.waitpointKey() == null) {
                throw EngineError.invalidInput("single_waitpoint_key_missing");
            }
            validateMatcher(single.matcher());
        } else if (node instanceof AllOf allOf) {
            if (allOf.members().isEmpty()) {
                throw EngineError.invalidInput("allof_empty_members");
            }
            for (ResumeCondition member : allOf.members()) {
                validateNode(member, depth + 1);
            }
        } else if (node instanceof Count count) {
            if (count.n() < 1) {
                throw EngineError.invalidInput("count_n_zero");
            }
            if (count.countKind() == null) {
                throw EngineError.invalidInput("count_kind_missing");
            }
            if (count.waitpoints().isEmpty()) {
                throw EngineError.invalidInput("count_waitpoints_empty");
            }
            if (count.countKind() == CountKind.DISTINCT_WAITPOINTS
                    && count.n() > new LinkedHashSet<>(count.waitpoints()).size()) {
                throw EngineError.invalidInput("count_exceeds_waitpoint_set");
            }
            validateMatcher(count.matcher());
        }
    }

    private static void validateMatcher(SignalMatcher matcher) {
        if (matcher instanceof SignalMatcher.ByName byName && (byName.name() == null || byName.name().isEmpty())) {
            throw EngineError.invalidInput("matcher_name_empty");
        }
    }

    private static void collectKeys(ResumeCondition node, Set<WaitpointKey> into) {
        if (node instanceof Single single && single.waitpointKey() != null) {
            into.add(single.waitpointKey());
        } else if (node instanceof AllOf allOf) {
            for (ResumeCondition member : allOf.members()) {
                collectKeys(member, into);
            }
        } else if (node instanceof Count count) {
            into.addAll(count.waitpoints());
        }
    }

    private static void collectMatchers(ResumeCondition node, WaitpointKey key, List<SignalMatcher> into) {
        if (node instanceof Single single && key.equals(single.waitpointKey())) {
            into.add(single.matcher() == null ? new SignalMatcher.Wildcard() : single.matcher());
        } else if (node instanceof AllOf allOf) {
            for (ResumeCondition member : allOf.members()) {
                if (member != null) {
                    collectMatchers(member, key, into);
                }
            }
        } else if (node instanceof Count count && count.waitpoints().contains(key)) {
            into.add(count.matcher() == null ? new SignalMatcher.Wildcard() : count.matcher());
        }
    }
}
