package io.skein.engine.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.wire.SkeinJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON columns of the suspension tables (condition, policy, satisfier sets, signal id lists), written and read
 * with {@link SkeinJson}. Unreadable stored JSON is {@code Validation(Corruption)}, naming the column.
 */
final class SignalJson {

    private SignalJson() {}

    static String write(Object value) {
        try {
            return SkeinJson.lenient().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(String json, Class<T> type, String column) {
        try {
            return SkeinJson.lenient().readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION,
                    column + ": unreadable stored JSON");
        }
    }

    /** A node-path → satisfier-token map; null or empty text reads as empty. */
    static Map<String, Set<String>> readSets(String json, String column) {
        if (json == null || json.isBlank()) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(SkeinJson.lenient().readValue(json, new TypeReference<TreeMap<String, TreeSet<String>>>() {}));
        } catch (JsonProcessingException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION,
                    column + ": unreadable stored JSON");
        }
    }

    /** A list of strings; null or empty text reads as empty. */
    static List<String> readList(String json, String column) {
        if (json == null || json.isBlank()) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(SkeinJson.lenient().readValue(json, new TypeReference<List<String>>() {}));
        } catch (JsonProcessingException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION,
                    column + ": unreadable stored JSON");
        }
    }
}
