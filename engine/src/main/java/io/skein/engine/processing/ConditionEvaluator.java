package io.skein.engine.processing;

import io.skein.core.api.CountKind;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SignalMatcher;
import io.skein.core.id.WaitpointKey;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Evaluates a resume condition against one signal (spec 04 §2.2). Each condition node keeps its own set of
 * satisfier tokens, keyed by the node's path (root {@code ""}, children {@code members[i]}, nested
 * {@code members[i].members[j]}): a leaf adds {@code leaf:<path>}, a {@code Count} node adds {@code wp:<id>},
 * {@code sig:<id>} or {@code src:<type>:<identity>} by its count kind. {@code AllOf} nodes are re-evaluated from
 * their members.
 */
final class ConditionEvaluator {

    /** One signal offered to the condition: its waitpoint and the fields the matchers and counters read. */
    record Offer(UUID waitpointId, WaitpointKey waitpointKey, UUID signalId, String signalName, String sourceType,
                 String sourceIdentity) {}

    /**
     * What the offer did: {@code effect} per the table of spec 04 §2.2, whether a node accepted it
     * ({@code matched}) and whether it added a satisfier token anywhere ({@code satisfier}).
     */
    record Outcome(SignalEffect effect, boolean matched, boolean satisfier, boolean conditionSatisfied) {}

    private ConditionEvaluator() {}

    /** Offers {@code offer} to every node that references its waitpoint key, updating {@code sets} in place. */
    static Outcome offer(ResumeCondition root, Map<String, Set<String>> sets, Offer offer) {
        Visit visit = new Visit();
        walk(root, "", sets, offer, visit);
        if (!visit.referenced) {
            return new Outcome(SignalEffect.SIGNAL_IGNORED_NOT_IN_CONDITION, false, false, false);
        }
        if (!visit.accepted) {
            return new Outcome(root instanceof ResumeCondition.Single ? SignalEffect.NO_OP
                    : SignalEffect.SIGNAL_IGNORED_MATCHER_FAILED, false, false, false);
        }
        if (isSatisfied(root, "", sets)) {
            return new Outcome(SignalEffect.RESUME_CONDITION_SATISFIED, true, visit.added, true);
        }
        return new Outcome(visit.added ? SignalEffect.APPENDED_TO_WAITPOINT
                : SignalEffect.APPENDED_TO_WAITPOINT_DUPLICATE, true, visit.added, false);
    }

    /** Whether the node at {@code path} is satisfied by the tokens in {@code sets}. */
    static boolean isSatisfied(ResumeCondition node, String path, Map<String, Set<String>> sets) {
        if (node instanceof ResumeCondition.Single) {
            return !sets.getOrDefault(path, Set.of()).isEmpty();
        }
        if (node instanceof ResumeCondition.Count count) {
            return sets.getOrDefault(path, Set.of()).size() >= count.n();
        }
        if (node instanceof ResumeCondition.AllOf allOf) {
            for (int i = 0; i < allOf.members().size(); i++) {
                if (!isSatisfied(allOf.members().get(i), child(path, i), sets)) {
                    return false;
                }
            }
            return true;
        }
        // OperatorOnly and TimeoutOnly are never satisfied by a signal.
        return false;
    }

    /** A fresh, ordered satisfier-set map (stable JSON). */
    static Map<String, Set<String>> emptySets() {
        return new TreeMap<>();
    }

    private static final class Visit {
        boolean referenced;
        boolean accepted;
        boolean added;
    }

    private static void walk(ResumeCondition node, String path, Map<String, Set<String>> sets, Offer offer,
                             Visit visit) {
        if (node instanceof ResumeCondition.Single single) {
            if (offer.waitpointKey().equals(single.waitpointKey())) {
                visit.referenced = true;
                if (matches(single.matcher(), offer)) {
                    visit.accepted = true;
                    visit.added |= add(sets, path, "leaf:" + path);
                }
            }
        } else if (node instanceof ResumeCondition.Count count) {
            if (count.waitpoints().contains(offer.waitpointKey())) {
                visit.referenced = true;
                if (matches(count.matcher(), offer)) {
                    visit.accepted = true;
                    visit.added |= add(sets, path, token(count.countKind(), offer));
                }
            }
        } else if (node instanceof ResumeCondition.AllOf allOf) {
            for (int i = 0; i < allOf.members().size(); i++) {
                walk(allOf.members().get(i), child(path, i), sets, offer, visit);
            }
        }
    }

    private static boolean matches(SignalMatcher matcher, Offer offer) {
        return matcher == null || matcher.matches(offer.signalName());
    }

    private static String token(CountKind kind, Offer offer) {
        return switch (kind) {
            case DISTINCT_WAITPOINTS -> "wp:" + offer.waitpointId();
            case DISTINCT_SIGNALS -> "sig:" + offer.signalId();
            case DISTINCT_SOURCES -> "src:" + offer.sourceType() + ":" + offer.sourceIdentity();
        };
    }

    private static boolean add(Map<String, Set<String>> sets, String path, String token) {
        return sets.computeIfAbsent(path, p -> new TreeSet<>()).add(token);
    }

    private static String child(String path, int index) {
        return (path.isEmpty() ? "" : path + ".") + "members[" + index + "]";
    }
}
