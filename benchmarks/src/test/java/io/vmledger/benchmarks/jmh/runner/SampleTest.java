package io.vmledger.benchmarks.jmh.runner;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleTest {

    @Test
    void theErrorIsJmhsHalfWidthOfTheMeansInterval() {
        Sample s = new Sample(new double[] {1, 2, 3, 4, 5});
        assertEquals(3, s.mean(), 1e-12);
        assertEquals(2.5, s.variance(), 1e-12);
        // Student's t, 4 degrees of freedom, two-sided 99.9%: 8.610 (a table value) times sqrt(2.5 / 5)
        assertEquals(8.610 * Math.sqrt(0.5), s.error(0.999), 1e-3);
        assertTrue(Double.isNaN(new Sample(new double[] {7}).error(0.999)), "one value has no interval, as in JMH");
    }

    @Test
    void withAnExactDenominatorTheRatiosIntervalIsTheNumeratorsScaled() {
        Sample sql = new Sample(new double[] {9, 10, 11});
        Sample java = new Sample(new double[] {20, 20, 20});
        Sample.Interval r = sql.ratioTo(java, 0.999);
        assertEquals(0.5, r.estimate(), 1e-12);
        assertEquals(0.5 - sql.error(0.999) / 20, r.low(), 1e-9);
        assertEquals(0.5 + sql.error(0.999) / 20, r.high(), 1e-9);
    }

    @Test
    void aDenominatorIndistinguishableFromZeroGivesAnUnboundedInterval() {
        Sample.Interval r = new Sample(new double[] {1, 2, 3}).ratioTo(new Sample(new double[] {-1, 1, 2}), 0.999);
        assertEquals(Double.NEGATIVE_INFINITY, r.low());
        assertEquals(Double.POSITIVE_INFINITY, r.high());
    }

    /** Fieller's interval covers the true ratio as often as its confidence says, for samples of benchmark size. */
    @Test
    void theRatiosIntervalCoversTheTrueRatioAsOftenAsItsConfidenceSays() {
        Random random = new Random(42);
        int trials = 4000;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[] sql = new double[16];
            double[] java = new double[12];
            for (int i = 0; i < sql.length; i++) {
                sql[i] = 400 + 40 * random.nextGaussian();
            }
            for (int i = 0; i < java.length; i++) {
                java[i] = 500 + 25 * random.nextGaussian();
            }
            Sample.Interval r = new Sample(sql).ratioTo(new Sample(java), 0.95);
            if (r.low() <= 0.8 && 0.8 <= r.high()) {
                covered++;
            }
        }
        double coverage = covered / (double) trials;
        assertTrue(coverage > 0.935 && coverage < 0.965, "coverage of a 95% interval: " + coverage);
    }
}
