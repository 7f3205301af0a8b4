package io.skein.connectors.cli;

import java.util.function.Function;
import picocli.CommandLine;

/**
 * Makes the commands as the real factory does, but {@code dev} and {@code serve} read {@code env} instead of the
 * process environment, and the last {@code dev} made is kept so a test can stop it as Ctrl-C would.
 */
final class CliFactory implements CommandLine.IFactory {

    private final Function<String, String> env;
    private volatile DevCommand dev;

    CliFactory(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == ServeCommand.class) {
            return type.cast(new ServeCommand(env));
        }
        if (type == DevCommand.class) {
            dev = new DevCommand(env);
            return type.cast(dev);
        }
        return CommandLine.defaultFactory().create(type);
    }

    DevCommand dev() {
        return dev;
    }
}
