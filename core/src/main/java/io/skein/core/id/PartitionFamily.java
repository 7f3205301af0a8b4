package io.skein.core.id;

/** The three partition families and their tag prefixes (spec 01 §3). */
public enum PartitionFamily {
    /** Flows and executions: {@code {fp:N}}. */
    FLOW("fp"),
    /** Budgets: {@code {b:N}}. */
    BUDGET("b"),
    /** Quota policies: {@code {q:N}}. */
    QUOTA("q");

    private final String prefix;

    PartitionFamily(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    static PartitionFamily ofPrefix(String prefix) {
        for (PartitionFamily f : values()) {
            if (f.prefix.equals(prefix)) {
                return f;
            }
        }
        return null;
    }
}
