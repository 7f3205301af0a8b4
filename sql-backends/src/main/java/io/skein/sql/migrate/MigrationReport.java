package io.skein.sql.migrate;

import java.util.List;

/**
 * What one {@link MigrationRunner#migrate} call did.
 *
 * @param applied       versions applied by this call, ascending; empty when the schema was current
 * @param schemaVersion the highest version recorded in the ledger afterwards
 */
public record MigrationReport(List<Integer> applied, int schemaVersion) {

    public MigrationReport {
        applied = List.copyOf(applied);
    }

    public boolean appliedAnything() {
        return !applied.isEmpty();
    }
}
