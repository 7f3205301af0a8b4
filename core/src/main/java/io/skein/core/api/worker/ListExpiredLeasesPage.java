package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import java.util.List;

/** One page of {@code listExpiredLeases} in (expiry, id) order; {@code cursor} is null on the last page. */
public record ListExpiredLeasesPage(List<ExpiredLeaseInfo> entries, ExpiredLeaseCursor cursor) {

    public ListExpiredLeasesPage {
        entries = ArgCheck.list(entries, "entries");
    }
}
