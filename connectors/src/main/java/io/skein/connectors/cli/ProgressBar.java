package io.skein.connectors.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr ({@code [########--------] 512/1000}), redrawn in place at most every 100 ms
 * when stderr is a terminal; elsewhere (a pipe, a log) only the final line is written.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final int total;
    private final boolean live;
    private long drawnAt;

    ProgressBar(PrintWriter err, String label, int total, boolean live) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.live = live;
    }

    synchronized void update(int done) {
        long now = System.nanoTime();
        if (live && (done == total || now - drawnAt >= REDRAW_NANOS)) {
            drawnAt = now;
            err.print("\r" + line(done));
            err.flush();
        }
    }

    synchronized void finish(int done) {
        err.println(live ? "\r" + line(done) : line(done));
        err.flush();
    }

    String line(int done) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        return label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total;
    }
}
