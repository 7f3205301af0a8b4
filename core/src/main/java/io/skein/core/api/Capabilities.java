package io.skein.core.api;

/** A backend's identity and supported surfaces (spec 02 §12 {@code capabilities}). */
public record Capabilities(BackendIdentity identity, Supports supports) {

    public Capabilities {
        ArgCheck.present(identity, "identity");
        ArgCheck.present(supports, "supports");
    }

    /** The answer of a backend that overrides nothing: family {@code "unknown"}, every flag false. */
    public static Capabilities unknown() {
        return new Capabilities(new BackendIdentity(BackendIdentity.UNKNOWN, BackendVersion.ZERO,
                BackendIdentity.UNKNOWN), Supports.none());
    }
}
