package io.skein.bench;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.policy.ExecutionPolicy;
import java.util.List;

/**
 * {@code cap_routed}: {@code submit_claim_complete} where every execution requires one of three capability tokens
 * and every worker offers two of them (worker w: tokens w and w+1, mod 3), so each execution has workers that must
 * pass it by. The run fails if any execution is completed by a worker lacking its token.
 */
final class CapRouted {

    static final String NAME = "cap_routed";
    static final int TOKENS = 3;

    private static final ExecutionPolicy[] POLICIES = new ExecutionPolicy[TOKENS];

    static {
        for (int t = 0; t < TOKENS; t++) {
            POLICIES[t] = ExecutionPolicy.parse("{\"routing_requirements\":{\"required_capabilities\":[\""
                    + token(t) + "\"]}}");
        }
    }

    private CapRouted() {}

    static String token(int t) {
        return "cap-" + (char) ('a' + t);
    }

    /** Executions require token {@code i mod 3}; worker w offers tokens {@code w} and {@code w + 1} (mod 3). */
    static final SubmitClaimComplete.Routing ROUTING = new SubmitClaimComplete.Routing() {
        @Override
        public ExecutionPolicy policyOf(int execution) {
            return POLICIES[execution % TOKENS];
        }

        @Override
        public CapabilitySet offeredBy(int worker) {
            return CapabilitySet.worker(List.of(token(worker % TOKENS), token((worker + 1) % TOKENS)));
        }

        @Override
        public boolean served(int execution, int worker) {
            int required = execution % TOKENS;
            return required == worker % TOKENS || required == (worker + 1) % TOKENS;
        }
    };

    static BenchResult run(BenchTarget target, int n, int workers, int capacity, int payloadBytes) throws Exception {
        BenchResult r = SubmitClaimComplete.run(NAME, target, n, workers, capacity, payloadBytes, ROUTING, 0);
        r.with("capability_tokens", TOKENS);
        r.with("tokens_offered_per_worker", 2);
        r.with("misrouted", 0);
        return r;
    }
}
