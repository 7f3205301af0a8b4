package io.skein.core.api;

import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.wire.ExternallyTagged;
import java.util.Objects;

/** How a suspension obtains one of its waitpoints (spec 04 §2.1). */
@ExternallyTagged
public sealed interface WaitpointBinding permits WaitpointBinding.Fresh, WaitpointBinding.UsePending {

    WaitpointId waitpointId();

    /** Create a new {@code active} waitpoint with this id and key; its token is minted at suspend time. */
    record Fresh(WaitpointId waitpointId, WaitpointKey waitpointKey) implements WaitpointBinding {
        public Fresh {
            Objects.requireNonNull(waitpointId, "waitpointId");
        }
    }

    /** Activate a waitpoint made earlier with {@code createWaitpoint}, keeping its token and buffered signals. */
    record UsePending(WaitpointId waitpointId) implements WaitpointBinding {
        public UsePending {
            Objects.requireNonNull(waitpointId, "waitpointId");
        }
    }
}
