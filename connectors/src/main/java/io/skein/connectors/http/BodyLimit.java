package io.skein.connectors.http;

/** The request-body classes of spec 03 §2.1, checked on {@code Content-Length} and while reading. */
public enum BodyLimit {
    /** The route takes no body (an empty body or {@code {}} is tolerated). */
    NONE(64 * 1024),
    /** Large: execution creation. */
    L(1024 * 1024),
    /** Medium: signal delivery. */
    M(256 * 1024),
    /** Compact: every other body. */
    C(64 * 1024);

    private final int bytes;

    BodyLimit(int bytes) {
        this.bytes = bytes;
    }

    /** The largest body accepted, in bytes. */
    public int bytes() {
        return bytes;
    }
}
