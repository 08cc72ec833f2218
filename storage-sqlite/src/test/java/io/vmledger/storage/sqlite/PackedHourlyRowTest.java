package io.vmledger.storage.sqlite;

import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.jdbc.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hourly rows are read through one packed value; every kind of content must survive it. */
class PackedHourlyRowTest {
    static final long T = 1_710_028_800L;

    @TempDir
    Path dir;

    @Test
    void awkwardValuesRoundTripThroughEveryHourlyRead() {
        List<VmSample> rows = List.of(
                new VmSample(T, "vc:1;2", "vm-1", "12:34;56", "name:with;separators:3:", -5L, 0L, "", "dc 1",
                        "clüster", "folder/ü/€", 0, 0.1 + 0.2, 1e-300, PowerState.POWERED_ON, false),
                new VmSample(T, "vc:1;2", null, null, "emoji \uD83D\uDE00 and \u00E9\u00E8 and \u4E2D\u6587", null, null,
                        null, null, null, null, Integer.MAX_VALUE, Double.MAX_VALUE, 123456789.123456789,
                        PowerState.SUSPENDED, true),
                new VmSample(T, "vc:1;2", "", "uuid", "", Long.MAX_VALUE, Long.MIN_VALUE + 1, "9:", ":", ";", "0",
                        1, 0.0, 7.25, PowerState.POWERED_OFF, false),
                new VmSample(T, "vc:1;2", "vm-2", "u", "n\u0000ul and\nnewline \u00FF\u00FE\uFEFF\uFFFF", 1L, null, "Gold", "d", "c", "f",
                        2, 4, 40, PowerState.POWERED_ON, false));
        try (Storage s = SqliteStores.open(dir.resolve("p.db"), Settings.defaults())) {
            s.hourly().replaceSnapshot("vc:1;2", T, rows);
            s.compatibility().writeHourly(T, "vc:1;2", rows);

            List<VmSample> expected = new ArrayList<>(rows);
            expected.sort((a, b) -> Sql.compareCodePoints(a.key(), b.key()));
            assertEquals(expected, s.hourly().snapshot("vc:1;2", T));
            assertEquals(expected, s.compatibility().readHourly(T));
            List<VmSample> streamed = new ArrayList<>();
            s.hourly().forEachOrdered(new TimeWindow(T, T + 1), streamed::add);
            assertEquals(expected, streamed);
            for (VmSample r : rows) {
                assertEquals(List.of(r), s.hourly().trace("vc:1;2", r.key(), TimeWindow.all()));
            }
        }
    }
}
