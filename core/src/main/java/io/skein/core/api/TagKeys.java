package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The tag-key rule of spec 01 §2: {@code <caller>.<field>}, checked before any storage access. */
public final class TagKeys {

    /** {@code ^[a-z][a-z0-9_]*\.[a-z0-9_][a-z0-9_.]*$}; dot-free names are reserved. */
    public static final Pattern TAG_KEY = Pattern.compile("^[a-z][a-z0-9_]*\\.[a-z0-9_][a-z0-9_.]*$");

    public static final int MAX_KEY_BYTES = 128;

    private TagKeys() {}

    /** Returns {@code key} if it is a valid tag key, else throws {@code Validation(InvalidTagKey, "tag_key: …")}. */
    public static String validateTagKey(String key) {
        if (key == null || key.isEmpty()) {
            throw EngineError.validation(ValidationKind.INVALID_TAG_KEY, "tag_key: empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw EngineError.validation(ValidationKind.INVALID_TAG_KEY,
                    "tag_key: longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (!TAG_KEY.matcher(key).matches()) {
            throw EngineError.validation(ValidationKind.INVALID_TAG_KEY,
                    "tag_key: must match <caller>.<field> (lowercase letters, digits, '_' and '.')");
        }
        return key;
    }
}
