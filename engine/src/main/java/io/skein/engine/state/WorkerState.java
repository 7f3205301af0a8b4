package io.skein.engine.state;

import java.util.List;
import java.util.Set;

/** The worker registry (spec 02 §10), read-only. */
public interface WorkerState {

    /** The capabilities of each worker of {@code namespace} whose heartbeat is live at {@code now}, one set each. */
    List<Set<String>> liveCapabilities(String namespace, long now);
}
