package io.vmledger.web.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display on a terminal ({@code [=====>    ] 120/336 hours 36% eta 0:40});
 * when the output is not a terminal, one plain line every 10%.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private int lastDecile = -1;
    /** What was done at the first update: work done before the bar started does not count toward its rate. */
    private long firstDone = -1;

    ProgressBar(PrintStream out, String label) {
        this(out, label, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    void update(long done, long total, String unit) {
        if (total <= 0) {
            return;
        }
        double fraction = Math.min(1.0, (double) done / total);
        if (firstDone < 0) {
            firstDone = done;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long progressed = done - firstDone;
        // no rate yet (nothing done since the bar started): say so rather than "eta 0:00"
        String eta;
        if (done >= total) {
            eta = "0:00";
        } else if (progressed <= 0) {
            eta = "-:--";
        } else {
            long seconds = Math.round(elapsed / progressed * (total - done));
            eta = String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
        String figures = String.format(Locale.ROOT, "%d/%d %s %3d%%  eta %s", done, total, unit,
                Math.round(fraction * 100), eta);
        if (terminal) {
            int filled = (int) Math.round(fraction * WIDTH);
            String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
            out.print("\r" + label + " [" + bar + "] " + figures + "   ");
            if (done >= total) {
                out.println();
            }
            out.flush();
        } else {
            int decile = (int) (fraction * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(label + " " + figures);
            }
        }
    }
}
