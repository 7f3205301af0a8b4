package io.skein.connectors.http;

import static io.skein.connectors.http.ApiRoutes.intQuery;
import static io.skein.connectors.http.ApiRoutes.json;
import static io.skein.connectors.http.ApiRoutes.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.InstanceTag;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.core.id.Namespace;
import io.skein.core.wire.SkeinJson;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The event subscriptions of spec 02 §11 as long polls, in the style of the stream tail: each request subscribes
 * from {@code ?cursor=}, waits up to {@code block_ms} for the first event, returns what is ready (up to
 * {@code limit}) with the cursor to send next, and ends the subscription. A client that always sends back the cursor
 * it was given reads every committed event at least once.
 */
final class EventRoutes {

    private static final int MAX_BLOCK_MS = 30_000;
    private static final int MAX_LIMIT = 1_000;

    private final EngineBackend backend;

    EventRoutes(EngineBackend backend) {
        this.backend = backend;
    }

    List<Route> routes() {
        String query = " Query: cursor (base64 of the opaque cursor; absent: from now), block_ms (0-30000, default "
                + "0), limit (1-1000, default 100), namespace, tag_key with tag_value. Answers {events, cursor}: "
                + "send cursor back to continue; a cursor of another backend is a 400.";
        return List.of(
                route("GET", "/v1/events/lease-history", BodyLimit.NONE, "subscribe_lease_history",
                        "Lease acquired / expired / reclaimed / revoked events in commit order." + query,
                        call -> poll(call, backend::subscribeLeaseHistory)),
                route("GET", "/v1/events/completion", BodyLimit.NONE, "subscribe_completion",
                        "Terminal-outcome events in commit order." + query,
                        call -> poll(call, backend::subscribeCompletion)),
                route("GET", "/v1/events/signal-delivery", BodyLimit.NONE, "subscribe_signal_delivery",
                        "Signal-delivery events in commit order." + query,
                        call -> poll(call, backend::subscribeSignalDelivery)));
    }

    private <E> Reply poll(Call call, BiFunction<EventCursor, ScannerFilter, EventSubscription<E>> subscribe) {
        call.requireNoBody();
        EventCursor from = cursor(call.query("cursor"));
        int blockMs = intQuery(call, "block_ms", 0, MAX_BLOCK_MS, 0);
        int limit = intQuery(call, "limit", 1, MAX_LIMIT, 100);
        ScannerFilter filter = filter(call);
        ObjectNode out = SkeinJson.strict().createObjectNode();
        ArrayNode events = out.putArray("events");
        try (EventSubscription<E> subscription = subscribe.apply(from, filter)) {
            try {
                Optional<E> next = subscription.poll(Duration.ofMillis(blockMs));
                while (next.isPresent()) {
                    events.add(SkeinJson.strict().valueToTree(next.get()));
                    next = events.size() < limit ? subscription.poll(Duration.ZERO) : Optional.empty();
                }
            } catch (EngineException e) {
                if (!(e.error() instanceof EngineError.StreamDisconnected) || events.isEmpty()) {
                    throw e.error() instanceof EngineError.StreamDisconnected
                            ? new EngineException(new EngineError.Transport(TransportKind.OTHER,
                                    "the event stream was lost; retry from the same cursor"), e)
                            : e;
                }
                // the events read so far stand; the returned cursor resumes after them
            }
            out.put("cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(subscription.cursor().bytes()));
        }
        return json(200, out);
    }

    /** Base64 in either alphabet, padded or not (a '+' that a query string turned into a space is put back). */
    private static EventCursor cursor(String raw) {
        if (raw == null || raw.isEmpty()) {
            return EventCursor.FROM_NOW;
        }
        try {
            return new EventCursor(Base64.getUrlDecoder().decode(raw.replace(' ', '+').replace('+', '-')
                    .replace('/', '_')));
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("cursor: not base64");
        }
    }

    private static ScannerFilter filter(Call call) {
        String namespace = call.query("namespace");
        String tagKey = call.query("tag_key");
        String tagValue = call.query("tag_value");
        if ((tagKey == null) != (tagValue == null)) {
            throw HttpFailure.badRequest("tag_key and tag_value: give both or neither");
        }
        return new ScannerFilter(namespace == null ? null : Namespace.of(namespace),
                tagKey == null ? null : new InstanceTag(tagKey, tagValue));
    }
}
