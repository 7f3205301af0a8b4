package io.skein.core.api;

import io.skein.core.id.Namespace;

/**
 * Narrows subscriptions and scans (spec 02 §11): both fields nullable; an absent field matches everything.
 */
public record ScannerFilter(Namespace namespace, InstanceTag instanceTag) {

    /** Matches everything. */
    public static final ScannerFilter ALL = new ScannerFilter(null, null);
}
