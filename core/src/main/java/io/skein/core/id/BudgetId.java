package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of a budget. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record BudgetId(UUID uuid) implements Comparable<BudgetId> {

    public BudgetId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "budget_id: …")}. */
    @JsonCreator
    public static BudgetId parse(String text) {
        return new BudgetId(IdText.uuid("budget_id", text));
    }

    public static BudgetId random() {
        return new BudgetId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(BudgetId other) {
        return toString().compareTo(other.toString());
    }
}
