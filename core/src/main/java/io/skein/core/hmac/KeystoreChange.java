package io.skein.core.hmac;

import java.util.List;
import java.util.Objects;

/**
 * What a keystore transition did (spec 04 §1.3). Every backend applies the same pure transition of
 * {@link WaitpointKeystore} and persists {@link #keystore()} when {@link #changed()} is true; the API layer turns
 * these into its own result types.
 */
public sealed interface KeystoreChange {

    /** The keystore after the transition (the same value when nothing changed). */
    WaitpointKeystore keystore();

    /** Whether the store must be written. */
    boolean changed();

    /** Seed on an empty keystore: {@code kid} installed as current. */
    record Seeded(String kid, WaitpointKeystore keystore) implements KeystoreChange {
        public Seeded {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(keystore, "keystore");
        }

        @Override public boolean changed() { return true; }
    }

    /** Seed when {@code kid} is already current; {@code sameSecret} says whether the offered secret matched. */
    record AlreadySeeded(String kid, boolean sameSecret, WaitpointKeystore keystore) implements KeystoreChange {
        public AlreadySeeded {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(keystore, "keystore");
        }

        @Override public boolean changed() { return false; }
    }

    /**
     * Rotation installed {@code newKid}; {@code previousKid} (null on an empty keystore) now verifies until its grace
     * end; {@code collectedKids} are the retired kids whose grace had passed, deleted in the same unit.
     */
    record Rotated(String previousKid, String newKid, List<String> collectedKids, WaitpointKeystore keystore)
            implements KeystoreChange {
        public Rotated {
            Objects.requireNonNull(newKid, "newKid");
            collectedKids = List.copyOf(collectedKids);
            Objects.requireNonNull(keystore, "keystore");
        }

        /** How many retired kids were deleted ({@code gc_count}). */
        public int gcCount() {
            return collectedKids.size();
        }

        @Override public boolean changed() { return true; }
    }

    /** Rotation to the current kid with its current secret: nothing to do. */
    record Noop(String kid, WaitpointKeystore keystore) implements KeystoreChange {
        public Noop {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(keystore, "keystore");
        }

        @Override public boolean changed() { return false; }
    }
}
