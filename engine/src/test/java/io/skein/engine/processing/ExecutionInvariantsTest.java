package io.skein.engine.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.engine.processing.ExecutionInvariants.StoredRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The invariant checker's reading of stored rows (spec 01 §5): what it reports, and that a healthy row is silent. */
class ExecutionInvariantsTest {

    private static StoredRow row(String lifecycle, String ownership, String eligibility, String outcome,
                                 String publicState, boolean openSuspension) {
        return new StoredRow(lifecycle, ownership, eligibility, null, outcome, "pending_first_attempt", publicState,
                openSuspension);
    }

    @Test
    void healthyRowsHoldEveryInvariant() {
        assertEquals(List.of(), ExecutionInvariants.violations(row("runnable", "unowned", "eligible_now", "none",
                "waiting", false)));
        assertEquals(List.of(), ExecutionInvariants.violations(new StoredRow("suspended", "unowned",
                "not_applicable", "waiting_for_signal", "none", "attempt_interrupted", "suspended", true)));
    }

    @Test
    void eachBrokenInvariantIsReported() {
        assertTrue(ExecutionInvariants.violations(row("runnable", "leased", "eligible_now", "none", "waiting",
                false)).contains("runnable execution is leased"));
        assertTrue(ExecutionInvariants.violations(new StoredRow("suspended", "unowned", "not_applicable",
                "waiting_for_signal", "none", "attempt_interrupted", "suspended", false))
                .contains("suspended without an open suspension"));
        assertTrue(ExecutionInvariants.violations(row("runnable", "unowned", "eligible_now", "none", "waiting",
                true)).contains("runnable execution has an open suspension"));
        assertTrue(ExecutionInvariants.violations(row("runnable", "unowned", "eligible_now", "none", "active",
                false)).contains("stored public_state active differs from the derived waiting"));
        assertEquals(1, ExecutionInvariants.violations(row("runnable", "unowned", "nonsense", "none", "waiting",
                false)).size(), "an unreadable vector is one violation");
    }
}
