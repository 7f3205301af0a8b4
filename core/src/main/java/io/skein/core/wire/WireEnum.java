package io.skein.core.wire;

import java.util.Locale;

/**
 * An enum whose constants travel as snake_case strings (state literals, reasons, error kinds).
 * The wire string is part of the contract (spec D12), so it is derived from the constant name in
 * exactly one place.
 */
public interface WireEnum {

    String name();

    /** The snake_case wire string of this constant. */
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Looks a constant up by its wire string.
     *
     * @return the constant, or {@code null} when no constant has that wire string
     */
    static <E extends Enum<E> & WireEnum> E lookup(Class<E> type, String wire) {
        if (wire == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        return null;
    }
}
