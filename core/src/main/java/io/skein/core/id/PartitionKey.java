package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A partition tag {@code {fp:N}}, {@code {b:N}} or {@code {q:N}}: braces required, a known prefix, N a u16 in
 * decimal without sign or leading zeros. In Kafka mode it is the record key of a command (spec 07).
 */
public record PartitionKey(PartitionFamily family, int index) {

    /** The record key of global commands (HMAC keystore, lanes, worker registry). */
    public static final String GLOBAL_TAG = "{global}";

    public PartitionKey {
        Objects.requireNonNull(family, "family");
        if (index < 0 || index > 0xFFFF) {
            throw IdText.invalid("partition_key", "index out of range 0..65535");
        }
    }

    public static PartitionKey flow(int index) {
        return new PartitionKey(PartitionFamily.FLOW, index);
    }

    public static PartitionKey budget(int index) {
        return new PartitionKey(PartitionFamily.BUDGET, index);
    }

    public static PartitionKey quota(int index) {
        return new PartitionKey(PartitionFamily.QUOTA, index);
    }

    @JsonCreator
    public static PartitionKey parse(String text) {
        if (text == null || text.length() < 5 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
            throw IdText.invalid("partition_key", "expected {fp:N}, {b:N} or {q:N}");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw IdText.invalid("partition_key", "expected {fp:N}, {b:N} or {q:N}");
        }
        PartitionFamily family = PartitionFamily.ofPrefix(text.substring(1, colon));
        if (family == null) {
            throw IdText.invalid("partition_key", "unknown prefix");
        }
        return new PartitionKey(family, parseU16("partition_key", text.substring(colon + 1, text.length() - 1)));
    }

    /** A decimal u16 without sign or leading zeros ("0" itself is fine). */
    static int parseU16(String field, String digits) {
        if (digits.isEmpty() || digits.length() > 5 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw IdText.invalid(field, "partition must be a decimal 0..65535 without sign or leading zeros");
        }
        int n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw IdText.invalid(field, "partition must be a decimal 0..65535 without sign or leading zeros");
            }
            n = n * 10 + (c - '0');
        }
        if (n > 0xFFFF) {
            throw IdText.invalid(field, "partition must be a decimal 0..65535 without sign or leading zeros");
        }
        return n;
    }

    @JsonValue
    @Override
    public String toString() {
        return "{" + family.prefix() + ":" + index + "}";
    }
}
