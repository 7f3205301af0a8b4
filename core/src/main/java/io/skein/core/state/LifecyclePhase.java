package io.skein.core.state;

import io.skein.core.wire.WireEnum;

/** Where an execution is in its life (spec 01 §5). {@code submitted} is reserved and never written (D1). */
public enum LifecyclePhase implements WireEnum {
    RUNNABLE, ACTIVE, SUSPENDED, TERMINAL
}
