package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.connectors.client.CommandClient;
import io.skein.connectors.client.SkeinHttp;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.MarkWorkerDeadResult;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.api.worker.RegisterWorkerResult;
import io.skein.core.command.EngineCommand;
import io.skein.core.wire.SkeinJson;
import java.time.Duration;

/**
 * The worker registry operations a worker runs on itself (spec 02 §10), as its transport carries them: commands on
 * the command topic, or the registry's worker routes over HTTP. A refusal is thrown as the transport reports it.
 */
interface RegistryOps {

    RegisterWorkerResult register(RegisterWorkerArgs args);

    HeartbeatWorkerResult heartbeat(HeartbeatWorkerArgs args);

    MarkWorkerDeadResult markDead(MarkWorkerDeadArgs args);

    /** Over Kafka: each operation is its command, answered by its reply within {@code timeout}. */
    static RegistryOps kafka(CommandClient commands, Duration timeout) {
        return new RegistryOps() {
            @Override
            public RegisterWorkerResult register(RegisterWorkerArgs args) {
                return (RegisterWorkerResult) commands.call(new EngineCommand.RegisterWorker(args), timeout);
            }

            @Override
            public HeartbeatWorkerResult heartbeat(HeartbeatWorkerArgs args) {
                return (HeartbeatWorkerResult) commands.call(new EngineCommand.HeartbeatWorker(args), timeout);
            }

            @Override
            public MarkWorkerDeadResult markDead(MarkWorkerDeadArgs args) {
                return (MarkWorkerDeadResult) commands.call(new EngineCommand.MarkWorkerDead(args), timeout);
            }
        };
    }

    /** Over HTTP: the worker routes {@code /v1/worker/register}, {@code /heartbeat} and {@code /dead}. */
    static RegistryOps http(SkeinHttp http) {
        ObjectMapper json = SkeinJson.lenient();
        return new RegistryOps() {
            @Override
            public RegisterWorkerResult register(RegisterWorkerArgs args) {
                return HttpAttemptOps.read(http.post("/v1/worker/register", json.valueToTree(args)),
                        RegisterWorkerResult.class);
            }

            @Override
            public HeartbeatWorkerResult heartbeat(HeartbeatWorkerArgs args) {
                return HttpAttemptOps.read(http.post("/v1/worker/heartbeat", json.valueToTree(args)),
                        HeartbeatWorkerResult.class);
            }

            @Override
            public MarkWorkerDeadResult markDead(MarkWorkerDeadArgs args) {
                return HttpAttemptOps.read(http.post("/v1/worker/dead", json.valueToTree(args)),
                        MarkWorkerDeadResult.class);
            }
        };
    }
}
