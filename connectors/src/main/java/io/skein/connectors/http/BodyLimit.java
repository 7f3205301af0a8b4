package io.skein.connectors.http;

/**
 * The request-body classes of spec 03 §2.1 (L, M, C), plus the worker payload routes' classes sized from the
 * engine payload limits of the same section; checked on {@code Content-Length} and while reading.
 */
public enum BodyLimit {
    /** The route takes no body (an empty body or {@code {}} is tolerated). */
    NONE(64 * 1024),
    /** Large: execution creation. */
    L(1024 * 1024),
    /** Medium: signal delivery. */
    M(256 * 1024),
    /** Compact: every other body. */
    C(64 * 1024),
    /**
     * A worker's frame append: room for the largest frame payload (64 KiB) written as a JSON number array (at most
     * four characters a byte, {@code "255,"}) plus 64 KiB for the handle and the other fields, so the engine's own
     * limit, not the body limit, is what rejects an oversize frame.
     */
    FRAME(4 * 64 * 1024 + 64 * 1024),
    /** A worker's completion: the largest result (512 KiB) as a JSON number array plus 64 KiB, as for {@link #FRAME}. */
    RESULT(4 * 512 * 1024 + 64 * 1024);

    private final int bytes;

    BodyLimit(int bytes) {
        this.bytes = bytes;
    }

    /** The largest body accepted, in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The largest body any route accepts. */
    public static int largest() {
        int max = 0;
        for (BodyLimit limit : values()) {
            max = Math.max(max, limit.bytes);
        }
        return max;
    }
}
