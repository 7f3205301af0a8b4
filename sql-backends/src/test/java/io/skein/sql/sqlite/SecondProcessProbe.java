package io.skein.sql.sqlite;

import io.skein.sql.BackendStartException;

/**
 * Run in a separate JVM by {@link SecondProcessTest}: tries to open the database named by its argument and reports
 * the outcome on stdout; exit 0 = opened, 3 = refused with a start failure.
 */
public final class SecondProcessProbe {

    private SecondProcessProbe() {
    }

    public static void main(String[] args) {
        try (SqliteDatabase db = SqliteDatabase.open(TestStores.options(args[0]))) {
            System.out.println("OPENED " + db.location().sqliteName());
            System.exit(0);
        } catch (BackendStartException e) {
            System.out.println("REFUSED " + e.failure() + " " + e.getMessage());
            System.exit(3);
        }
    }
}
