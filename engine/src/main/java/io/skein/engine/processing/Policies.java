package io.skein.engine.processing;

import io.skein.engine.state.ExecCore;

import io.skein.core.api.policy.ExecutionPolicy;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frozen policy of an execution, read back from {@code ff_exec_core.policy}. Claims and failures read it on
 * every unit, and most executions share a handful of policy texts, so parsed policies (immutable records) are kept
 * in a small cache keyed by the exact JSON text.
 */
public final class Policies {

    /** Distinct policy texts kept; past this the cache starts over (cheaper than LRU bookkeeping on a hot path). */
    static final int CACHE_ENTRIES = 256;
    /** Longer texts are parsed every time, so a few huge policies cannot pin much memory. */
    static final int MAX_CACHED_LENGTH = 8_192;

    private static final ConcurrentHashMap<String, ExecutionPolicy> PARSED = new ConcurrentHashMap<>();

    private Policies() {}

    public static ExecutionPolicy of(ExecCore e) {
        return parse(e.policy);
    }

    /** The policy a stored text freezes: defaults when empty; a text that does not parse is never cached. */
    public static ExecutionPolicy parse(String policyJson) {
        if (policyJson == null || policyJson.isEmpty()) {
            return ExecutionPolicy.defaults();
        }
        if (policyJson.length() > MAX_CACHED_LENGTH) {
            return ExecutionPolicy.parse(policyJson);
        }
        ExecutionPolicy cached = PARSED.get(policyJson);
        if (cached != null) {
            return cached;
        }
        ExecutionPolicy parsed = ExecutionPolicy.parse(policyJson);
        if (PARSED.size() >= CACHE_ENTRIES) {
            PARSED.clear();
        }
        PARSED.put(policyJson, parsed);
        return parsed;
    }
}
