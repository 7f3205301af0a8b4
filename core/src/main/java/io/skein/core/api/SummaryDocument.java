package io.skein.core.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * An attempt's summary document (spec 04 §3.3, §3.5): the merged JSON, its version (1 after the first delta),
 * {@code patchKind} ({@code "json-merge-patch"} when missing) and the times of the first and latest delta.
 */
public record SummaryDocument(byte[] documentJson, long version, String patchKind, long lastUpdatedMs,
                              long firstAppliedMs) {

    public SummaryDocument {
        documentJson = Objects.requireNonNull(documentJson, "documentJson").clone();
        patchKind = patchKind == null ? StreamMode.DurableSummary.PATCH_KIND : patchKind;
    }

    @Override
    public byte[] documentJson() {
        return documentJson.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SummaryDocument d && Arrays.equals(documentJson, d.documentJson) && version == d.version
                && patchKind.equals(d.patchKind) && lastUpdatedMs == d.lastUpdatedMs
                && firstAppliedMs == d.firstAppliedMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(documentJson), version, patchKind, lastUpdatedMs, firstAppliedMs);
    }

    @Override
    public String toString() {
        return "SummaryDocument[" + documentJson.length + " bytes, version=" + version + ", patchKind=" + patchKind
                + ", lastUpdatedMs=" + lastUpdatedMs + ", firstAppliedMs=" + firstAppliedMs + "]";
    }
}
