package io.skein.connectors.cli;

/**
 * A configuration that stops the start (spec 03 §3–§4): the message names the variable; the exit code is 1 for an
 * invalid value and 2 for an unsupported backend.
 */
public final class ConfigException extends RuntimeException {

    public static final int INVALID = 1;
    public static final int UNSUPPORTED = 2;

    private final int exitCode;

    public ConfigException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
