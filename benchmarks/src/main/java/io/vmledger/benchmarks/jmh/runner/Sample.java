package io.vmledger.benchmarks.jmh.runner;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * The measured values of one benchmark and parameter set (every measured iteration of every fork), with the
 * statistics the summary prints: the mean and its confidence interval as JMH computes it (Student's t with
 * n - 1 degrees of freedom), and the confidence interval of the ratio of two means.
 */
public record Sample(double[] values) {

    public Sample {
        values = values.clone();
        if (values.length == 0) {
            throw new IllegalArgumentException("a sample needs at least one value");
        }
    }

    public int n() {
        return values.length;
    }

    public double mean() {
        return Arrays.stream(values).average().orElseThrow();
    }

    /** The unbiased variance; 0 for a single value. */
    public double variance() {
        if (values.length < 2) {
            return 0;
        }
        double m = mean();
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return sum / (values.length - 1);
    }

    /** Half the width of the mean's confidence interval at {@code confidence} (NaN for a single value, as JMH). */
    public double error(double confidence) {
        if (values.length < 2) {
            return Double.NaN;
        }
        return quantile(confidence, values.length - 1) * Math.sqrt(variance() / values.length);
    }

    /**
     * The confidence interval of {@code this.mean() / denominator.mean()} by Fieller's theorem for two
     * independent samples, with Welch-Satterthwaite degrees of freedom. Unbounded when the denominator's
     * mean is not significantly different from zero; NaN bounds when either sample has a single value.
     */
    public Interval ratioTo(Sample denominator, double confidence) {
        double mx = mean();
        double my = denominator.mean();
        double ratio = mx / my;
        if (n() < 2 || denominator.n() < 2) {
            return new Interval(ratio, Double.NaN, Double.NaN);
        }
        double vx = variance() / n();
        double vy = denominator.variance() / denominator.n();
        if (vx + vy == 0) {
            return new Interval(ratio, ratio, ratio);
        }
        double df = (vx + vy) * (vx + vy)
                / (vx * vx / (n() - 1) + vy * vy / (denominator.n() - 1));
        double t = quantile(confidence, df);
        double g = t * t * vy / (my * my);
        if (g >= 1) {
            return new Interval(ratio, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double half = t / Math.abs(my) * Math.sqrt(vx + ratio * ratio * vy - g * vx);
        return new Interval(ratio, (ratio - half) / (1 - g), (ratio + half) / (1 - g));
    }

    private static double quantile(double confidence, double df) {
        return new TDistribution(df).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /** An estimate and its confidence interval. */
    public record Interval(double estimate, double low, double high) {
    }
}
