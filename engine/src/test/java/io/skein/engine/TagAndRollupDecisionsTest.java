package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionKey;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.state.PublicState;
import io.skein.engine.processing.FlowResolution;
import io.skein.engine.processing.TagHandlers;
import io.skein.engine.state.FlowRollup;
import io.skein.engine.state.memory.InMemoryUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tags (spec 02 §5), the flow roll-up (04 §4.5) and the dependency repair sweep (05 §4 timer 12) as decisions. */
class TagAndRollupDecisionsTest {

    private final EngineRule engine = new EngineRule();
    private final Givens given = new Givens(engine);

    // ------------------------------------------------------------------------------------------ execution tags

    @Test
    void aTagSetOnAnExecutionIsStoredBesideItsOthersAndReplacedBySetAgain() {
        ExecutionId id = given.created(Namespace.of("default"), Map.of("app.kept", "1"), null, null);

        engine.when(new EngineCommand.SetExecutionTag(id, "app.owner", "ann"));
        engine.when(new EngineCommand.SetExecutionTag(id, "app.owner", "bob"));

        assertEquals(Map.of("app.kept", "1", "app.owner", "bob"), engine.execution(id).tagMap());
    }

    @Test
    void aBadKeyIsRefusedBeforeTheCommandExists() {
        ExecutionId id = given.created();

        EngineException e = assertThrows(EngineException.class,
                () -> new EngineCommand.SetExecutionTag(id, "NoDot", "v"));

        assertEquals(ValidationKind.INVALID_TAG_KEY, ((EngineError.Validation) e.error()).kind());
        assertEquals(Map.of(), engine.execution(id).tagMap());
    }

    @Test
    void aTagOnAMissingExecutionIsNotFoundAndWritesNothing() {
        EngineError.NotFound e = engine.rejected(new EngineCommand.SetExecutionTag(ExecutionId.of(0, UUID.randomUUID()),
                "app.owner", "ann"), EngineError.NotFound.class);

        assertEquals("execution", e.entity());
    }

    @Test
    void anOverlongValueAndASixtyFifthTagAreRefusedBeforeAnyWrite() {
        Map<String, String> full = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            full.put("app.t" + i, "v");
        }
        ExecutionId id = given.created(Namespace.of("default"), full, null, null);

        engine.rejected(new EngineCommand.SetExecutionTag(id, "app.t0", "x".repeat(4097)),
                EngineError.Validation.class);
        engine.rejected(new EngineCommand.SetExecutionTag(id, "app.t64", "v"), EngineError.Validation.class);
        engine.when(new EngineCommand.SetExecutionTag(id, "app.t0", "replaced"));

        assertEquals("replaced", engine.execution(id).tagMap().get("app.t0"));
        assertEquals(64, engine.execution(id).tagMap().size());
    }

    // ------------------------------------------------------------------------------------------ flow tags

    @Test
    void aFlowTagIsStoredOnTheFlowAndAMissingFlowIsNotFound() {
        FlowGivens flows = new FlowGivens(engine);

        engine.when(new EngineCommand.SetFlowTag(flows.flow, "app.stage", "build"));
        engine.when(new EngineCommand.SetFlowTag(flows.flow, "app.team", "core"));

        assertEquals(Map.of("app.stage", "build", "app.team", "core"),
                TagHandlers.parse(flows.row().tags(), "tags"));
        EngineError.NotFound missing = engine.rejected(new EngineCommand.SetFlowTag(
                flows.unknownFlowOnThePartition(), "app.stage", "x"), EngineError.NotFound.class);
        assertEquals("flow", missing.entity());
    }

    // ------------------------------------------------------------------------------------------ roll-up

    @Test
    void theRollUpCountsMembersByStateAndReportsAChangeOnlyWhenThereIsOne() {
        FlowGivens flows = new FlowGivens(engine);
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        PartitionKey partition = PartitionKey.flow(flows.partition);

        assertTrue((Boolean) engine.when(new EngineCommand.ProjectFlowSummary(partition, flows.flow)));
        FlowRollup first = rollup(flows);
        assertEquals(2, first.totalMembers());
        assertEquals(2L, first.members().get(PublicState.WAITING));
        assertEquals(FlowRollup.OPEN, first.publicFlowState());
        assertFalse((Boolean) engine.when(new EngineCommand.ProjectFlowSummary(partition, flows.flow)),
                "nothing changed since the last projection");

        flows.running(a);
        assertTrue((Boolean) engine.when(new EngineCommand.ProjectFlowSummary(partition, flows.flow)));
        assertEquals(FlowRollup.RUNNING, rollup(flows).publicFlowState());

        flows.cancelled(b);
        engine.when(new EngineCommand.ProjectFlowSummary(partition, flows.flow));
        assertEquals(FlowRollup.RUNNING, rollup(flows).publicFlowState(), "one member still runs");
    }

    @Test
    void allMembersTerminalRollUpFailedWhenOneFailedElseCompleted() {
        FlowGivens flows = new FlowGivens(engine);
        ExecutionId a = flows.member();
        ExecutionId b = flows.member();
        PartitionKey partition = PartitionKey.flow(flows.partition);

        flows.completed(a, null);
        engine.when(new EngineCommand.ProjectFlowSummary(partition, flows.flow));
        assertEquals(FlowRollup.OPEN, rollup(flows).publicFlowState(), "one member still waits");

        flows.failedForGood(b);
        engine.when(new EngineCommand.ProjectFlowSummary(partition, flows.flow));
        FlowRollup done = rollup(flows);
        assertEquals(FlowRollup.FAILED, done.publicFlowState());
        assertEquals(1L, done.members().get(PublicState.COMPLETED));
        assertEquals(1L, done.members().get(PublicState.FAILED));
    }

    @Test
    void theRollUpOfAnotherPartitionOrAMissingFlowIsRefusedBeforeAnyWrite() {
        FlowGivens flows = new FlowGivens(engine);
        PartitionKey elsewhere = PartitionKey.flow((flows.partition + 1) % 256);

        engine.rejected(new EngineCommand.ProjectFlowSummary(elsewhere, flows.flow), EngineError.Validation.class);
        engine.rejected(new EngineCommand.ProjectFlowSummary(PartitionKey.budget(flows.partition), flows.flow),
                EngineError.Validation.class);
        FlowId missing = flows.unknownFlowOnThePartition();
        engine.rejected(new EngineCommand.ProjectFlowSummary(PartitionKey.flow(flows.partition), missing),
                EngineError.NotFound.class);
        assertTrue(engine.state.flows().rollup(flows.partition, flows.flow.uuid()).isEmpty());
    }

    // ------------------------------------------------------------------------------------------ repair sweep

    @Test
    void theRepairSweepDispatchesAnOldUndispatchedCompletionOfItsPartitionOnly() {
        FlowGivens flows = new FlowGivens(engine);
        ExecutionId a = flows.member();
        flows.completed(a, null);
        // a crash between the completion and its resolution leaves the event undispatched
        engine.state.begin(engine.now);
        new InMemoryUnit(engine.state, engine.now, EngineRule.HANDLES).events()
                .completion(engine.execution(a), "success", false);
        engine.state.commit();
        PartitionSweepArgs here = new PartitionSweepArgs(PartitionKey.flow(flows.partition), engine.now);
        PartitionSweepArgs other = new PartitionSweepArgs(PartitionKey.flow((flows.partition + 1) % 256),
                engine.now);

        assertEquals(0, engine.when(new EngineCommand.RepairDependencies(here)), "younger than the repair age");
        engine.advance(FlowResolution.REPAIR_AGE_MS + 1);
        assertEquals(0, engine.when(new EngineCommand.RepairDependencies(other)));
        assertEquals(1, engine.when(new EngineCommand.RepairDependencies(here)));

        assertEquals(List.of(), engine.state.flows().undispatchedMembers(Long.MAX_VALUE));
        engine.rejected(new EngineCommand.RepairDependencies(new PartitionSweepArgs(PartitionKey.budget(0),
                engine.now)), EngineError.Validation.class);
    }

    private FlowRollup rollup(FlowGivens flows) {
        return engine.state.flows().rollup(flows.partition, flows.flow.uuid()).orElseThrow();
    }
}
