package io.skein.core.hmac;

import io.skein.core.error.ConflictKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one global waitpoint HMAC keystore (spec 04 §1.3) as an immutable value: the current kid and the retired
 * kids with their grace ends. Seed and rotate are pure transitions so every backend (SQL rows, a Kafka state
 * store) applies exactly the same rules and only persists the result.
 *
 * @param current the kid that signs new tokens, or null for an empty keystore
 * @param retired kids that still verify until their {@code expiresAtMs}, sorted by kid
 */
public record WaitpointKeystore(HmacKey current, List<HmacKey> retired) {

    /** The largest grace accepted: 2^53 − 1, the largest integer a JSON number carries exactly. */
    public static final long MAX_GRACE_MS = (1L << 53) - 1;

    /** A keystore with no kid: minting and verification answer {@code Unavailable}. */
    public static final WaitpointKeystore EMPTY = new WaitpointKeystore(null, List.of());

    public WaitpointKeystore {
        List<HmacKey> sorted = new ArrayList<>(retired == null ? List.of() : retired);
        sorted.sort(Comparator.comparing(HmacKey::kid));
        Set<String> kids = new HashSet<>();
        if (current != null) {
            if (current.isRetired()) {
                throw corruption("the current kid has a grace end");
            }
            kids.add(current.kid());
        } else if (!sorted.isEmpty()) {
            throw corruption("retired kids without a current kid");
        }
        for (HmacKey key : sorted) {
            if (!key.isRetired()) {
                throw corruption("more than one current kid");
            }
            if (!kids.add(key.kid())) {
                throw corruption("kid '" + key.kid() + "' stored twice");
            }
        }
        retired = List.copyOf(sorted);
    }

    /** Builds the keystore from stored rows: the row without a grace end is current, the others retired. */
    public static WaitpointKeystore fromRows(Collection<HmacKey> rows) {
        HmacKey current = null;
        List<HmacKey> retired = new ArrayList<>();
        for (HmacKey row : rows) {
            if (row.isRetired()) {
                retired.add(row);
            } else if (current != null) {
                throw corruption("more than one current kid");
            } else {
                current = row;
            }
        }
        return new WaitpointKeystore(current, retired);
    }

    /** Whether no kid is installed (spec 04 §1.4 step 2). */
    public boolean isEmpty() {
        return current == null;
    }

    /** The current kid, or null when empty. */
    public String currentKid() {
        return current == null ? null : current.kid();
    }

    /** The row of {@code kid}, current or retired (expired or not). */
    public Optional<HmacKey> find(String kid) {
        if (current != null && current.kid().equals(kid)) {
            return Optional.of(current);
        }
        return retired.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** Retired kids still inside their grace at {@code nowMs} ({@code listWaitpointHmacKids}' verifying list). */
    public List<HmacKey> verifyingAt(long nowMs) {
        return retired.stream().filter(k -> k.verifiesAt(nowMs)).toList();
    }

    /**
     * The secret that verifies a token signed by {@code kid} at {@code nowMs} (spec 04 §1.4 step 3): the current
     * kid, or a retired kid whose {@code expires_at >= now}. A retired kid past its grace is
     * {@code Validation(InvalidToken, "token_expired")}; an unknown kid {@code Validation(InvalidToken,
     * "invalid_token")}. The caller handles the empty keystore first (step 2).
     */
    public HmacSecret secretFor(String kid, long nowMs) {
        HmacKey key = find(kid).orElseThrow(() -> invalidToken("invalid_token"));
        if (!key.verifiesAt(nowMs)) {
            throw invalidToken("token_expired");
        }
        return key.secret();
    }

    /**
     * {@code seedWaitpointHmacSecret}: an invalid kid or secret is {@code Validation(InvalidInput)}; an empty
     * keystore installs {@code kid} ({@link KeystoreChange.Seeded}); the same current kid changes nothing
     * ({@link KeystoreChange.AlreadySeeded} with whether the secret matches); another current kid is
     * {@code InvalidInput("use rotate")}.
     */
    public KeystoreChange seed(String kid, String secretHex, long nowMs) {
        if (!WaitpointToken.isValidKid(kid)) {
            throw EngineError.invalidInput("kid: must be 1-" + WaitpointToken.MAX_KID_BYTES
                    + " printable ASCII bytes without ':'");
        }
        if (!HmacSecret.isValidHex(secretHex)) {
            throw EngineError.invalidInput("secret_hex: must be exactly " + 2 * HmacSecret.LENGTH_BYTES
                    + " hex characters");
        }
        HmacSecret secret = HmacSecret.parseHex(secretHex);
        if (current == null) {
            return new KeystoreChange.Seeded(kid,
                    new WaitpointKeystore(HmacKey.current(kid, secret, nowMs), List.of()));
        }
        if (current.kid().equals(kid)) {
            return new KeystoreChange.AlreadySeeded(kid, current.secret().sameAs(secret), this);
        }
        throw EngineError.invalidInput("use rotate");
    }

    /**
     * {@code rotateWaitpointHmacSecretAll}: validates ({@code InvalidKid}, {@code InvalidSecretHex},
     * {@code InvalidGraceMs}); the current kid with its own secret is {@link KeystoreChange.Noop}, with another
     * secret {@code Conflict(RotationConflict, kid)}. Otherwise retired kids with {@code expires_at < now} are
     * collected, the old current retires with {@code expires_at = now + graceMs}, and {@code newKid} becomes
     * current. A retired kid reused as {@code newKid} is replaced by the new row (the kid is the table key).
     */
    public KeystoreChange rotate(String newKid, String newSecretHex, long graceMs, long nowMs) {
        WaitpointToken.validateKid("new_kid", newKid);
        HmacSecret secret = HmacSecret.parseHex(newSecretHex);
        validateGraceMs(graceMs);
        if (current != null && current.kid().equals(newKid)) {
            if (current.secret().sameAs(secret)) {
                return new KeystoreChange.Noop(newKid, this);
            }
            throw new EngineException(new EngineError.Conflict(ConflictKind.ROTATION_CONFLICT, newKid));
        }
        List<String> collected = new ArrayList<>();
        List<HmacKey> kept = new ArrayList<>();
        for (HmacKey key : retired) {
            if (key.expiresAtMs() < nowMs) {
                collected.add(key.kid());
            } else if (!key.kid().equals(newKid)) {
                kept.add(key);
            }
        }
        if (current != null) {
            kept.add(current.retire(saturatingAdd(nowMs, graceMs)));
        }
        WaitpointKeystore next = new WaitpointKeystore(HmacKey.current(newKid, secret, nowMs), kept);
        return new KeystoreChange.Rotated(currentKid(), newKid, collected, next);
    }

    /** Checks a rotation grace: an integer in [0, 2^53 − 1], else {@code Validation(InvalidGraceMs)}. */
    public static long validateGraceMs(long graceMs) {
        if (graceMs < 0 || graceMs > MAX_GRACE_MS) {
            throw EngineError.validation(ValidationKind.INVALID_GRACE_MS,
                    "grace_ms: must be an integer in [0, " + MAX_GRACE_MS + "], got " + graceMs);
        }
        return graceMs;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static EngineException invalidToken(String detail) {
        return EngineError.validation(ValidationKind.INVALID_TOKEN, detail);
    }

    private static EngineException corruption(String detail) {
        return EngineError.validation(ValidationKind.CORRUPTION, "waitpoint hmac keystore: " + detail);
    }
}
