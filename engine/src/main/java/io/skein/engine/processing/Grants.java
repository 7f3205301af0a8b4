package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.core.api.CapabilitySet;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Grant;
import java.util.Optional;

/** Issuing and consuming {@code ff_claim_grant} rows (spec 05 §1.4). */
final class Grants {

    private Grants() {}

    /** A grant just issued and its key (returned to the worker). */
    record Issued(Grant grant, String grantKey) {}

    static Issued issue(EngineUnit unit, ExecCore e, String kind, String workerId, String workerInstanceId,
                        CapabilitySet workerCapabilities, long ttlMs, String capabilityHash, String routeSnapshotJson,
                        String admissionSummary) {
        long expires = unit.now() + ttlMs;
        String key = GrantKeys.mint(unit.keystore().load(), unit::randomBytes, kind, e.executionId, workerId,
                workerInstanceId, expires);
        Grant g = new Grant(e.executionId, GrantKeys.grantId(key), kind, workerId, workerInstanceId, e.laneId,
                capabilityHash, CreateExecutionHandler.json(workerCapabilities == null ? java.util.List.of()
                        : workerCapabilities.tokens()), routeSnapshotJson, admissionSummary, ttlMs, unit.now(), expires);
        unit.grants().insert(g);
        return new Issued(g, key);
    }

    /**
     * Finds the grant a claim consumes: by key when one is presented, else by (execution, kind); it must exist and
     * belong to {@code workerId} ({@code InvalidClaimGrant}) and be unexpired ({@code ClaimGrantExpired}). The row is
     * not deleted here: the claiming unit deletes it once every other gate passed.
     */
    static Grant requireUsable(EngineUnit unit, ExecutionId id, String kind, String workerId, String grantKey) {
        Optional<Grant> found = grantKey == null || grantKey.isEmpty()
                ? unit.grants().find(id, kind)
                : unit.grants().findById(id, GrantKeys.grantId(grantKey));
        if (found.isEmpty() || !found.get().executionId().equals(id) || !found.get().kind().equals(kind)) {
            throw new EngineException(new EngineError.Contention(ContentionKind.INVALID_CLAIM_GRANT,
                    "no " + kind + " grant for this execution", null));
        }
        Grant g = found.get();
        boolean keyPresented = grantKey != null && !grantKey.isEmpty();
        if (!(g.workerId().equals(workerId) || (keyPresented && g.isLaneGrant()))) {
            throw new EngineException(new EngineError.Contention(ContentionKind.INVALID_CLAIM_GRANT,
                    "the grant belongs to another worker", null));
        }
        if (g.expiresAtMs() <= unit.now()) {
            throw new EngineException(new EngineError.Contention(ContentionKind.CLAIM_GRANT_EXPIRED,
                    "the grant expired at " + g.expiresAtMs(), null));
        }
        return g;
    }
}
