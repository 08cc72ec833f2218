package io.vmledger.benchmarks.jmh;

import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import io.vmledger.storage.spi.Storage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ordered reads the Java path consumes, alone: no aggregation, nothing written. {@code hourly-day}: the
 * store's hourly day through {@code HourlyStore.forEachOrdered} (the daily input); {@code rollup-month}: the
 * month's daily rollups through {@code RollupStore.forEachDailyOrdered} (the monthly input). Most of the Java
 * path's time is spent here (decisions 0012 and 0052); the store is only read.
 */
public class OrderedReadBenchmark extends SecondLongBenchmark {
    @Param({"hourly-day", "rollup-month"})
    public String read;

    @Param({"sqlite", "postgres"})
    public String store;

    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private Storage storage;
    private TimeWindow window;

    @Setup(Level.Trial)
    public void open() {
        bench = BenchStore.open(StoreKind.parse(store), vms);
        storage = bench.storage();
        ReportCalendar cal = bench.settings().calendar();
        window = switch (read) {
            case "hourly-day" -> cal.day(bench.day());
            case "rollup-month" -> cal.month(BenchStore.MONTH);
            default -> throw new IllegalArgumentException("unknown read '" + read + "' (allowed: hourly-day, rollup-month)");
        };
    }

    @Benchmark
    public void read(Blackhole rows) {
        if (read.equals("hourly-day")) {
            storage.hourly().forEachOrdered(window, rows::consume);
        } else {
            storage.rollups().forEachDailyOrdered(window, rows::consume);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        bench.close();
    }
}
