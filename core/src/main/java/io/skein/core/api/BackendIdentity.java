package io.skein.core.api;

/**
 * Which backend answers (spec 02 §12): {@code family} is the backend label, {@code rfc017Stage} the migration stage
 * it reports ({@code "E-shipped"} for Skein's backends, {@code "unknown"} by default).
 */
public record BackendIdentity(String family, BackendVersion version, String rfc017Stage) {

    public static final String UNKNOWN = "unknown";
    public static final String STAGE_E_SHIPPED = "E-shipped";

    public BackendIdentity {
        ArgCheck.present(family, "family");
        ArgCheck.present(version, "version");
        ArgCheck.present(rfc017Stage, "rfc017_stage");
    }
}
