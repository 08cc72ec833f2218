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

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
        this.terminal = System.console() != null;
    }

    void update(long done, long total, String unit) {
        if (total <= 0) {
            return;
        }
        double fraction = Math.min(1.0, (double) done / total);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long eta = done == 0 ? 0 : Math.round(elapsed / done * (total - done));
        String figures = String.format(Locale.ROOT, "%d/%d %s %3d%%  eta %d:%02d", done, total, unit,
                Math.round(fraction * 100), eta / 60, eta % 60);
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
