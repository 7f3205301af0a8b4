package io.skein.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The backends the conformance suite runs against; every suite class runs once per entry. All of them run unless
 * {@code -Dskein.backends=a,b} names a subset (for a developer's quick loop; CI runs every one).
 */
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
        Stream<Provider> every = Stream.of(new Provider("sqlite", SqliteUnderTest::start),
                new Provider("postgres", PostgresUnderTest::start),
                new Provider("kafka-sqlite", KafkaUnderTest::overSqlite),
                new Provider("kafka-postgres", KafkaUnderTest::overPostgres));
        String only = System.getProperty("skein.backends", "");
        if (only.isBlank()) {
            return every;
        }
        List<String> wanted = Arrays.asList(only.split(","));
        return every.filter(p -> wanted.contains(p.name()));
    }
}
