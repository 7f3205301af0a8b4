package io.skein.conformance;

import java.util.function.Supplier;
import java.util.stream.Stream;

/** The backends the conformance suite runs against; every suite class runs once per entry. */
public final class Backends {

    /** A named way to start a fresh backend. */
    public record Provider(String name, Supplier<BackendUnderTest> starter) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Backends() {}

    public static Stream<Provider> all() {
        return Stream.of(new Provider("sqlite", SqliteUnderTest::start),
                new Provider("postgres", PostgresUnderTest::start));
    }
}
