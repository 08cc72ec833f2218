package io.vmledger.web.ui;

import io.vmledger.web.http.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One chart: its title, period and unit, the x values (epoch seconds) and one or more series. The page
 * writes it as JSON into a {@code data-chart} attribute, which {@code app.js} draws with uPlot; the
 * {@link #summary()} sentence and the page's table are its text equivalent, for every reader.
 *
 * @param id       element id, unique on the page
 * @param title    what is drawn, e.g. {@code VMs}
 * @param period   the period shown, in words
 * @param unit     unit of the values ({@code GB}) or empty
 * @param decimals decimals of the values in the legend
 * @param zone     time zone of the x axis labels (the report time zone)
 * @param xKind    {@code time} (hours), {@code day} or {@code month}: how the x axis is labelled
 * @param x        x values, epoch seconds
 * @param series   the series; the first is drawn in the accent colour, the others in grey
 * @param markers  instants marked by a vertical line with a label (pool and power changes)
 */
record Chart(String id, String title, String period, String unit, int decimals, String zone, String xKind,
             List<Long> x, List<Series> series, List<Marker> markers) {

    record Series(String label, List<Double> values) {

        /** A series of one figure of each point. */
        static <T> Series of(String label, List<T> points, ToDoubleFunction<T> figure) {
            return new Series(label, points.stream().map(p -> figure.applyAsDouble(p)).toList());
        }
    }

    record Marker(long t, String label) {
    }

    /** The JSON {@code app.js} reads. */
    String json() {
        return Json.write(this);
    }

    /** One sentence per series: its latest value, minimum and maximum over the period. */
    String summary() {
        if (x.isEmpty()) {
            return title + ": no data for " + period + ".";
        }
        List<String> parts = new ArrayList<>();
        for (Series s : series) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Double v : s.values()) {
                if (v != null) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            Double last = s.values().get(s.values().size() - 1);
            String u = unit.isEmpty() ? "" : " " + unit;
            parts.add(s.label() + ": latest " + (last == null ? "none" : Format.number(last, decimals) + u)
                    + ", lowest " + Format.number(min, decimals) + u + ", highest " + Format.number(max, decimals) + u);
        }
        return String.join("; ", parts) + " (" + x.size() + (x.size() == 1 ? " point)." : " points).");
    }
}
