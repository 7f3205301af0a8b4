package io.skein.sql.migrate;

import java.util.List;
import java.util.Objects;

/**
 * What differs between SQL stores for {@link MigrationRunner}: where the scripts live and how to open a transaction
 * that excludes concurrent starts (SQLite: {@code BEGIN IMMEDIATE}, the write lock; PostgreSQL: {@code BEGIN} plus an
 * advisory transaction lock). The ledger queries themselves are plain SQL shared by every dialect.
 *
 * @param label           {@code sqlite} or {@code postgres}, used in messages
 * @param scriptFolder    class-path folder holding {@code migrations.index} and the {@code V*.sql} scripts
 * @param createLedgerSql idempotent DDL creating {@code ff_migration_annotation}
 * @param beginStatements statements that open a locked transaction on an auto-commit connection
 * @param commitSql       statement committing it
 * @param rollbackSql     statement rolling it back
 */
public record MigrationDialect(String label, String scriptFolder, String createLedgerSql,
                               List<String> beginStatements, String commitSql, String rollbackSql) {

    public MigrationDialect {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(scriptFolder, "scriptFolder");
        Objects.requireNonNull(createLedgerSql, "createLedgerSql");
        beginStatements = List.copyOf(beginStatements);
        Objects.requireNonNull(commitSql, "commitSql");
        Objects.requireNonNull(rollbackSql, "rollbackSql");
    }
}
