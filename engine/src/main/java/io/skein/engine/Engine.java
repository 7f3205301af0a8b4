package io.skein.engine;

import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.PartitionConfig;
import io.skein.core.api.scheduler.ExpirePhase;
import io.skein.engine.processing.AttemptHandlers;
import io.skein.engine.processing.ClaimExecutionHandler;
import io.skein.engine.processing.CreateExecutionHandler;
import io.skein.engine.processing.GrantKeys;
import io.skein.engine.processing.Lifecycle;
import io.skein.engine.processing.OperatorHandlers;
import io.skein.engine.processing.ReclaimHandlers;
import io.skein.engine.processing.SchedulerHandlers;
import io.skein.engine.processing.TimerHandlers;
import java.util.random.RandomGenerator;

/**
 * The execution model as one entry point: {@link #process} decides a command against the state of the unit it is
 * given and writes what it decided there, or throws the command's typed rejection. The same commands run in direct
 * mode (the unit is a SQL transaction) and in Kafka mode (the unit is the task's state); the randomness it needs
 * (retry jitter) is passed in, so the same state and command decide the same way.
 */
public final class Engine {

    private final Lifecycle lifecycle = new Lifecycle();
    private final CreateExecutionHandler create;
    private final AttemptHandlers attempts;
    private final TimerHandlers timers;
    private final SchedulerHandlers scheduler = new SchedulerHandlers();
    private final ClaimExecutionHandler claimExecution = new ClaimExecutionHandler();
    private final OperatorHandlers operator = new OperatorHandlers();
    private final ReclaimHandlers reclaims;

    public Engine(PartitionConfig partitions, RandomGenerator random) {
        this.create = new CreateExecutionHandler(partitions);
        this.attempts = new AttemptHandlers(lifecycle, random);
        this.timers = new TimerHandlers(lifecycle, attempts);
        this.reclaims = new ReclaimHandlers(lifecycle);
    }

    /**
     * Decides {@code command} in {@code unit} and returns its result ({@code null} for an operation without one).
     *
     * @throws io.skein.core.error.EngineException the command's typed rejection
     */
    public Object process(EngineCommand command, EngineUnit unit) {
        if (command instanceof EngineCommand.CreateExecution c) {
            create.validate(c.args());
            return create.apply(unit, c.args());
        }
        // worker operations: the handle is step 1 of the fence check (spec 01 §7)
        if (command instanceof EngineCommand.Renew c) {
            return attempts.renew(unit, decode(c.handle(), unit));
        }
        if (command instanceof EngineCommand.Progress c) {
            HandleFields h = decode(c.handle(), unit);
            AttemptHandlers.validateProgress(c.percent(), c.message());
            attempts.progress(unit, h, c.percent(), c.message());
            return null;
        }
        if (command instanceof EngineCommand.Complete c) {
            HandleFields h = decode(c.handle(), unit);
            AttemptHandlers.validateResult(c.payload());
            attempts.complete(unit, h, c.payload());
            return null;
        }
        if (command instanceof EngineCommand.Fail c) {
            return attempts.fail(unit, decode(c.handle(), unit), c.reason().message(), c.reason().detail(),
                    c.classification());
        }
        if (command instanceof EngineCommand.Cancel c) {
            attempts.cancel(unit, decode(c.handle(), unit), c.reason());
            return null;
        }
        if (command instanceof EngineCommand.Delay c) {
            attempts.delay(unit, decode(c.handle(), unit), c.delayUntil());
            return null;
        }
        if (command instanceof EngineCommand.WaitChildren c) {
            attempts.waitChildren(unit, decode(c.handle(), unit));
            return null;
        }
        // service layer
        if (command instanceof EngineCommand.CompleteExecution c) {
            AttemptHandlers.validateResult(c.args().resultPayload());
            return attempts.completeExecution(unit, c.args());
        }
        if (command instanceof EngineCommand.FailExecution c) {
            return attempts.failExecution(unit, c.args());
        }
        if (command instanceof EngineCommand.RenewLease c) {
            return attempts.renewLease(unit, c.args());
        }
        if (command instanceof EngineCommand.CancelExecution c) {
            return attempts.cancelExecution(unit, c.args());
        }
        if (command instanceof EngineCommand.RevokeLease c) {
            return operator.revokeLease(unit, c.args());
        }
        if (command instanceof EngineCommand.ChangePriority c) {
            return operator.changePriority(unit, c.args());
        }
        if (command instanceof EngineCommand.ReplayExecution c) {
            return operator.replayExecution(unit, c.args());
        }
        if (command instanceof EngineCommand.IssueReclaimGrant c) {
            return reclaims.issueReclaimGrant(unit, c.args());
        }
        if (command instanceof EngineCommand.ReclaimExecution c) {
            return reclaims.reclaimExecution(unit, c.args());
        }
        if (command instanceof EngineCommand.ClaimFromReclaim c) {
            return reclaims.claimFromReclaim(unit, c.token());
        }
        // scheduler
        if (command instanceof EngineCommand.IssueClaimGrant c) {
            return scheduler.issueClaimGrant(unit, c.args());
        }
        if (command instanceof EngineCommand.ClaimExecution c) {
            return claimExecution.apply(unit, c.args());
        }
        if (command instanceof EngineCommand.ClaimResumedExecution c) {
            return scheduler.claimResumedExecution(unit, c.args());
        }
        if (command instanceof EngineCommand.ReleaseGrant c) {
            return scheduler.releaseGrant(unit, c.args());
        }
        if (command instanceof EngineCommand.IssueGrantAndClaim c) {
            return scheduler.issueGrantAndClaim(unit, c.args());
        }
        // timers (spec 05 §4 rows 1, 2, 3, 6, 7): a version that no longer matches does nothing
        if (command instanceof EngineCommand.MarkLeaseExpiredIfDue c) {
            timers.markLeaseExpiredIfDue(unit, c.args().executionId(), c.args().stateVersion());
            return null;
        }
        if (command instanceof EngineCommand.RequeueReclaimable c) {
            timers.requeueReclaimable(unit, c.args().executionId(), c.args().stateVersion());
            return null;
        }
        if (command instanceof EngineCommand.PromoteDelayed c) {
            timers.promoteDelayed(unit, c.args().executionId(), c.args().stateVersion());
            return null;
        }
        if (command instanceof EngineCommand.ExpireExecution c) {
            if (c.args().phase() == ExpirePhase.ATTEMPT_TIMEOUT) {
                timers.expireAttempt(unit, c.args().executionId(), c.args().stateVersion());
            } else {
                timers.expireDeadline(unit, c.args().executionId(), c.args().stateVersion());
            }
            return null;
        }
        if (command instanceof EngineCommand.ExpireClaimGrant c) {
            timers.expireGrants(unit, c.args().executionId(), c.args().grantKey() == null ? null
                    : GrantKeys.grantId(c.args().grantKey()));
            return null;
        }
        throw EngineError.unavailable(command.type());
    }

    private static HandleFields decode(io.skein.core.api.Handle handle, EngineUnit unit) {
        if (handle == null) {
            throw EngineError.invalidInput("handle: missing");
        }
        return HandleCodec.decode(handle, unit.handleTag());
    }
}
