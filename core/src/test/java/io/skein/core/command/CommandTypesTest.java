package io.skein.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.Handle;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CommandTypesTest {

    /** Every state-changing operation of spec 02 a Kafka client sends as a command, by its snake_case name. */
    private static final Set<String> EXPECTED = new TreeSet<>(List.of(
            "create_execution", "complete_execution", "fail_execution", "renew_lease", "resume_execution",
            "cancel_execution", "revoke_lease", "change_priority", "replay_execution", "issue_reclaim_grant",
            "reclaim_execution", "set_execution_tag",
            "renew", "progress", "complete", "fail", "cancel", "delay", "wait_children", "claim_from_resume_grant",
            "claim_from_reclaim", "suspend", "suspend_by_triple", "create_waitpoint", "append_frame", "report_usage",
            "register_worker", "heartbeat_worker", "mark_worker_dead",
            "issue_claim_grant", "claim_execution", "claim_resumed_execution", "release_grant",
            "issue_grant_and_claim", "block_route", "block_execution_for_admission",
            "mark_lease_expired_if_due", "requeue_reclaimable", "promote_delayed", "expire_execution",
            "expire_suspension", "close_waitpoint", "expire_claim_grant", "unblock_execution", "reset_due_budget",
            "deliver_signal", "deliver_approval_signal", "rotate_waitpoint_hmac_secret_all",
            "seed_waitpoint_hmac_secret",
            "create_flow", "add_execution_to_flow", "stage_dependency_edge", "apply_dependency_to_child",
            "set_edge_group_policy", "cancel_flow_header", "ack_cancel_member", "set_flow_tag",
            "project_flow_summary", "repair_dependencies",
            "create_budget", "reset_budget", "report_usage_admin", "record_spend", "release_budget",
            "create_quota_policy", "check_admission", "release_admission"));

    @Test
    void theCommandTypesAreExactlyTheStateChangingOperations() {
        assertEquals(EXPECTED, CommandTypes.all());
    }

    @Test
    void readsAndCrossPartitionClaimsAreNotCommands() {
        for (String read : List.of("claim", "claim_for_worker", "describe_execution", "read_stream", "tail_stream",
                "list_executions", "ping", "cancel_flow", "observe_signals", "get_budget_status")) {
            assertTrue(CommandTypes.commandClass(read).isEmpty(), read);
        }
    }

    @Test
    void aRecordsTypeIsItsNameInSnakeCaseAndResolvesBackToItsClass() {
        EngineCommand command = new EngineCommand.WaitChildren(CommandSamples.HANDLE);

        assertEquals("wait_children", command.type());
        assertEquals(EngineCommand.WaitChildren.class, CommandTypes.commandClass("wait_children").orElseThrow());
        assertEquals("rotate_waitpoint_hmac_secret_all",
                CommandTypes.typeOf(EngineCommand.RotateWaitpointHmacSecretAll.class));
    }

    @Test
    void theResultTypeIsTheOperationsGenericReturnType() {
        ParameterizedType optional = (ParameterizedType) CommandTypes.resultType("claim_from_reclaim");
        assertEquals(Optional.class, optional.getRawType());
        assertEquals(Handle.class, optional.getActualTypeArguments()[0]);
        assertEquals(void.class, new EngineCommand.WaitChildren(CommandSamples.HANDLE).resultType());
        assertThrows(IllegalArgumentException.class, () -> CommandTypes.resultType("teleport"));
    }
}
