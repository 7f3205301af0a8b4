package io.skein.core.command;

import static io.skein.core.command.CommandSamples.BUDGET;
import static io.skein.core.command.CommandSamples.EXEC;
import static io.skein.core.command.CommandSamples.FLOW;
import static io.skein.core.command.CommandSamples.HANDLE;
import static io.skein.core.command.CommandSamples.QUOTA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skein.core.api.BackendTag;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.UsageDimensions;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.handle.HandleKey;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionKey;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommandPartitionKeyTest {

    /** Counts under which the sample flow's partition differs from its members' (minted under the default). */
    private static final PartitionConfig SMALL = new PartitionConfig(16, 8, 4);

    private static final Set<String> FLOW_TYPES = Set.of("create_flow", "add_execution_to_flow",
            "stage_dependency_edge", "apply_dependency_to_child", "set_edge_group_policy", "cancel_flow_header",
            "ack_cancel_member", "set_flow_tag", "project_flow_summary");
    private static final Set<String> BUDGET_TYPES = Set.of("create_budget", "reset_budget", "report_usage_admin",
            "record_spend", "release_budget", "reset_due_budget", "report_usage");
    private static final Set<String> QUOTA_TYPES = Set.of("create_quota_policy", "check_admission",
            "release_admission");
    private static final Set<String> GLOBAL_TYPES = Set.of("seed_waitpoint_hmac_secret",
            "rotate_waitpoint_hmac_secret_all", "register_worker", "heartbeat_worker", "mark_worker_dead");

    @Test
    void everyCommandIsKeyedByTheEntityItsFamilyOrders() {
        assertNotEquals(EXEC.partitionKey(), SMALL.flowKey(FLOW), "precondition: flow and member keys differ");
        Map<String, String> expected = Map.of(
                "flow", SMALL.flowKey(FLOW).toString(),
                "budget", SMALL.budgetKey(BUDGET).toString(),
                "quota", SMALL.quotaKey(QUOTA).toString(),
                "global", PartitionKey.GLOBAL_TAG,
                "execution", EXEC.partitionKey().toString());

        for (EngineCommand command : CommandSamples.commands()) {
            String family = FLOW_TYPES.contains(command.type()) ? "flow"
                    : BUDGET_TYPES.contains(command.type()) ? "budget"
                    : QUOTA_TYPES.contains(command.type()) ? "quota"
                    : GLOBAL_TYPES.contains(command.type()) ? "global" : "execution";

            assertEquals(expected.get(family), command.partitionKey(SMALL), command.type() + " (" + family + ")");
        }
    }

    @Test
    void anExecutionCommandReadsThePartitionFromTheIdNeverRecomputingIt() {
        ExecutionId solo = ExecutionId.of(0, UUID.fromString("9f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f"));

        String key = new EngineCommand.ReplayExecution(new io.skein.core.api.execution.ReplayExecutionArgs(solo, 1))
                .partitionKey(PartitionConfig.DEFAULT);

        assertEquals("{fp:0}", key);
    }

    @Test
    void aFlowCommandAndItsMembersCommandsShareOneKeyUnderTheDeploymentsCounts() {
        PartitionConfig config = PartitionConfig.DEFAULT;
        String flowKey = "{fp:" + config.flowPartition(FLOW) + "}";

        assertEquals(flowKey, new EngineCommand.AckCancelMember(FLOW, EXEC).partitionKey(config));
        assertEquals(flowKey, new EngineCommand.Renew(HANDLE).partitionKey(config));
    }

    @Test
    void aHandleBasedCommandIsKeyedByTheExecutionInsideTheHandleWhateverTheBackend() {
        ExecutionId other = ExecutionId.of(42, UUID.fromString("9f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f"));
        Handle sqlite = HandleCodec.encode(HandleKey.random(), BackendTag.SQLITE, HandleKind.RESUMED,
                new HandleFields(other, 1, CommandSamples.ATTEMPT, CommandSamples.LEASE, 2, 30_000,
                        CommandSamples.LANE, CommandSamples.INSTANCE));

        assertEquals("{fp:42}", new EngineCommand.WaitChildren(sqlite).partitionKey(PartitionConfig.DEFAULT));
    }

    @Test
    void reportingUsageThroughAHandleIsKeyedByTheBudgetItChanges() {
        EngineCommand report = new EngineCommand.ReportUsage(HANDLE, BUDGET, UsageDimensions.ofCustom(Map.of(), null));

        assertEquals("{b:" + PartitionConfig.DEFAULT.budgetPartition(BUDGET) + "}",
                report.partitionKey(PartitionConfig.DEFAULT));
    }

    @Test
    void aCorruptHandleCannotBeKeyed() {
        Handle corrupt = new Handle(BackendTag.KAFKA, HandleKind.FRESH, new byte[] {2, 1, 4, 9});

        EngineException e = assertThrows(EngineException.class,
                () -> new EngineCommand.Renew(corrupt).partitionKey(PartitionConfig.DEFAULT));

        assertEquals(ValidationKind.CORRUPTION, assertInstanceOf(EngineError.Validation.class, e.error()).kind());
    }
}
