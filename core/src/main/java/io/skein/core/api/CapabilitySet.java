package io.skein.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A validated, sorted set of capability tokens (spec 01 §2): each token non-empty, without {@code ','}, without a
 * byte ≤ 0x20 or = 0x7F (UTF-8 above 0x7F is fine); at most 256 tokens and 4096 bytes as sorted CSV. Violations
 * are {@code Validation(InvalidCapabilities, "<side>:<reason>")}, where the side says whose set it was
 * ({@link #WORKER} or {@link #REQUIRED}). Tokens sort by code point, which is the UTF-8 byte order.
 */
public record CapabilitySet(SortedSet<String> tokens) {

    /** The side named in errors about a worker's capabilities. */
    public static final String WORKER = "worker";
    /** The side named in errors about an execution's required capabilities. */
    public static final String REQUIRED = "required";

    public static final int MAX_TOKENS = 256;
    public static final int MAX_CSV_BYTES = 4096;

    /** Code-point order: equal to the byte order of the UTF-8 encodings. */
    public static final Comparator<String> ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    public static final CapabilitySet EMPTY = new CapabilitySet(new TreeSet<>(ORDER));

    /** Validates as a worker's set; prefer {@link #of(String, Collection)} to name the side. */
    public CapabilitySet {
        tokens = validated(WORKER, tokens);
    }

    /** Validates {@code tokens}, naming {@code side} in the error detail. */
    public static CapabilitySet of(String side, Collection<String> tokens) {
        return new CapabilitySet(validated(side, tokens));
    }

    /** A worker's capabilities. */
    public static CapabilitySet worker(Collection<String> tokens) {
        return of(WORKER, tokens);
    }

    /** An execution's required capabilities. */
    public static CapabilitySet required(Collection<String> tokens) {
        return of(REQUIRED, tokens);
    }

    @JsonCreator
    static CapabilitySet fromJson(List<String> tokens) {
        return worker(tokens);
    }

    @JsonValue
    List<String> toJson() {
        return List.copyOf(tokens);
    }

    /** The tokens joined by {@code ','} in sorted order (the form compared and hashed by the spec). */
    public String sortedCsv() {
        return String.join(",", tokens);
    }

    /** The tokens of this set that {@code other} lacks, sorted (empty ⇔ this ⊆ other). */
    public SortedSet<String> missingFrom(CapabilitySet other) {
        TreeSet<String> missing = new TreeSet<>(ORDER);
        for (String t : tokens) {
            if (!other.tokens.contains(t)) {
                missing.add(t);
            }
        }
        return Collections.unmodifiableSortedSet(missing);
    }

    /** Whether every token of this set is in {@code other}. */
    public boolean isSubsetOf(CapabilitySet other) {
        return other.tokens.containsAll(tokens);
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    private static SortedSet<String> validated(String side, Collection<String> raw) {
        TreeSet<String> sorted = new TreeSet<>(ORDER);
        if (raw == null) {
            return Collections.unmodifiableSortedSet(sorted);
        }
        for (String token : raw) {
            checkToken(side, token);
            sorted.add(token);
        }
        if (sorted.size() > MAX_TOKENS) {
            throw invalid(side, "more than " + MAX_TOKENS + " tokens");
        }
        int csvBytes = Math.max(0, sorted.size() - 1);
        for (String t : sorted) {
            csvBytes += t.getBytes(StandardCharsets.UTF_8).length;
        }
        if (csvBytes > MAX_CSV_BYTES) {
            throw invalid(side, "sorted CSV longer than " + MAX_CSV_BYTES + " bytes");
        }
        return Collections.unmodifiableSortedSet(sorted);
    }

    private static void checkToken(String side, String token) {
        if (token == null || token.isEmpty()) {
            throw invalid(side, "empty token");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == ',') {
                throw invalid(side, "token contains ','");
            }
            if (c <= 0x20 || c == 0x7F) {
                throw invalid(side, "token contains whitespace or a control byte");
            }
        }
    }

    private static io.skein.core.error.EngineException invalid(String side, String reason) {
        return EngineError.validation(ValidationKind.INVALID_CAPABILITIES, side + ":" + reason);
    }
}
