package io.skein.connectors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs the {@code skein} command line in this JVM through its real entry ({@link SkeinCommand#commandLine}). */
final class Cli {

    /** What one run printed and how it exited. */
    record Run(int exit, String out, String err) {

        /** The run succeeded; its stdout. */
        String ok() {
            assertEquals(0, exit, "exit " + exit + "; stdout: " + out + "; stderr: " + err);
            return out;
        }

        /**
         * The run failed with {@code code}, saying why on stderr in one line (a usage error adds its pointer to the
         * help), with no stack trace anywhere.
         */
        String failed(int code) {
            assertEquals(code, exit, "stdout: " + out + "; stderr: " + err);
            List<String> lines = err.lines().filter(l -> !l.startsWith("see: ")).toList();
            assertEquals(1, lines.size(), "one line of error: " + err);
            assertFalse((out + err).contains("\tat ") || (out + err).contains("Exception"), "no stack trace: "
                    + err);
            return lines.get(0);
        }
    }

    private Cli() {}

    static Run run(CommandLine.IFactory factory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SkeinCommand.commandLine(factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = SkeinCommand.execute(cli, args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(CommandLine.defaultFactory(), args);
    }
}
