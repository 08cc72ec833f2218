package io.vmledger.storage.spi.golden;

import io.vmledger.api.SummaryComparison;
import io.vmledger.api.VmSummary;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Assertions over summary rows that name every differing row and its first differing column. */
public final class GoldenAssert {

    private GoldenAssert() {
    }

    /** The rows must match one to one, floating-point columns within {@code tolerance} (relative). */
    public static void assertRows(String what, List<VmSummary> expected, List<VmSummary> actual, double tolerance) {
        SummaryComparison.Result r = SummaryComparison.compare(expected, actual, tolerance);
        if (!r.identical()) {
            fail(what + ": " + r.mismatches() + " rows differ (expected " + r.leftRows() + " rows, got " + r.rightRows()
                    + "; left = expected):\n  " + String.join("\n  ", r.examples()));
        }
    }

    /** Golden rows: every value is exact in binary here, so only the last bit of a mean may differ. */
    public static void assertRows(String what, List<VmSummary> expected, List<VmSummary> actual) {
        assertRows(what, expected, actual, SummaryComparison.DAILY_TOLERANCE);
    }
}
