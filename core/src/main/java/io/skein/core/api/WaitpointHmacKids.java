package io.skein.core.api;

import java.util.List;

/** Result of {@code listWaitpointHmacKids} (T2): the current kid (nullable) and retired kids still in their grace. */
public record WaitpointHmacKids(String currentKid, List<VerifyingKid> verifying) {

    public WaitpointHmacKids {
        verifying = verifying == null ? List.of() : List.copyOf(verifying);
    }
}
