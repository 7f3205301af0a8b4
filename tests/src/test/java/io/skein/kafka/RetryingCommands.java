package io.skein.kafka;

import io.skein.connectors.client.CommandClient;
import io.skein.core.command.EngineCommand;
import io.skein.core.command.ResultCodec;
import io.skein.core.error.EngineException;
import io.skein.core.wire.EngineErrorJson;
import io.skein.core.wire.ReplyEnvelope;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls the engine the way spec 05 §7 asks a client to: a call that gets no reply within {@code attemptTimeout} is
 * sent again under the SAME command id (the engine answers a repeat with the stored reply and changes nothing), until
 * a reply arrives or {@code giveUpAfter} passes. Counts how often each command id was sent, so a test can tell which
 * repeated outputs on {@code ff.events} the repeats explain.
 */
final class RetryingCommands {

    private final CommandClient client;
    private final Duration attemptTimeout;
    private final Duration giveUpAfter;
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    private final LongAdder resends = new LongAdder();

    RetryingCommands(CommandClient client, Duration attemptTimeout, Duration giveUpAfter) {
        this.client = client;
        this.attemptTimeout = attemptTimeout;
        this.giveUpAfter = giveUpAfter;
    }

    /** Sends {@code command} under {@code commandId} until it is answered; returns the result or throws its error. */
    Object call(EngineCommand command, String commandId) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        ReplyEnvelope reply;
        while (true) {
            if (sends.computeIfAbsent(commandId, id -> new AtomicInteger()).getAndIncrement() > 0) {
                resends.increment();
            }
            try {
                reply = client.send(command, commandId).get(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException noReplyYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(command.type() + " " + commandId + " got no reply within "
                            + giveUpAfter);
                }
            } catch (ExecutionException e) {
                throw new AssertionError("sending " + command.type() + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + command.type(), e);
            }
        }
        if (!reply.ok()) {
            throw new EngineException(EngineErrorJson.fromJson(reply.error()));
        }
        return ResultCodec.decode(command.resultType(), reply.result());
    }

    /** {@link #call(EngineCommand, String)} under a fresh command id. */
    Object call(EngineCommand command) {
        return call(command, UUID.randomUUID().toString());
    }

    /** How many times {@code commandId} was put on {@code ff.commands}. */
    int sends(String commandId) {
        AtomicInteger n = sends.get(commandId);
        return n == null ? 0 : n.get();
    }

    /** Sends beyond the first of each command id: the retries after a timeout. */
    long resends() {
        return resends.sum();
    }
}
