package io.skein.core.api;

import java.util.Comparator;

/** A backend's version as three numbers, comparable without a semver parser (spec 02 §12). */
public record BackendVersion(int major, int minor, int patch) implements Comparable<BackendVersion> {

    public static final BackendVersion ZERO = new BackendVersion(0, 0, 0);

    public BackendVersion {
        ArgCheck.nonNegative(major, "major");
        ArgCheck.nonNegative(minor, "minor");
        ArgCheck.nonNegative(patch, "patch");
    }

    @Override
    public int compareTo(BackendVersion other) {
        return Comparator.comparingInt(BackendVersion::major).thenComparingInt(BackendVersion::minor)
                .thenComparingInt(BackendVersion::patch).compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
