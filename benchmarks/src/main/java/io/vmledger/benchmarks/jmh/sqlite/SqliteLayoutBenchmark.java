package io.vmledger.benchmarks.jmh.sqlite;

import io.vmledger.api.VmSample;
import io.vmledger.benchmarks.jmh.SecondLongBenchmark;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.sqlite.HourlyLayouts.Layout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The layouts of {@code vm_hourly_stats} decision 0010 chose between, on raw JDBC outside the plugin
 * ({@link HourlyLayouts}; not in the default run: {@code bin/vmledger jmh SqliteLayout}): the write of the next
 * hour of one vCenter of {@code vms} VMs (removed again before each invocation), the ordered read of a day
 * (three columns; the time-first layouts merge their 24 runs as the plugin does), and a VM's trace over the
 * store's 14 days.
 */
public class SqliteLayoutBenchmark extends SecondLongBenchmark {
    /** {@code plan}, {@code vm-first}, {@code day-bucket}, {@code time-first-rowid} or {@code time-first} (the plugin's). */
    @Param({"plan", "vm-first", "day-bucket", "time-first-rowid", "time-first"})
    public String layout;

    @Param({"1500", "15000"})
    public int vms;

    private Layout l;
    private FileChannel lockChannel;
    private FileLock lock;
    private Connection c;
    private long nextHour;
    private List<VmSample> rows;
    private long dayStart;
    private final List<String> keys = new ArrayList<>();
    private int key;

    @Setup(Level.Trial)
    public void open() throws SQLException, IOException {
        l = Layout.valueOf(layout.toUpperCase(Locale.ROOT).replace('-', '_'));
        SyntheticFleet fleet = new SyntheticFleet(vms, 42, HourlyLayouts.EPOCH);
        Path dir = BenchStore.dataDirectory().resolve("layouts");
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("layouts.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.lock();
        c = HourlyLayouts.connect(HourlyLayouts.store(dir, l, fleet));
        nextHour = fleet.time(HourlyLayouts.HOURS);
        rows = HourlyLayouts.sorted(fleet.snapshot(HourlyLayouts.VC, HourlyLayouts.HOURS));
        dayStart = HourlyLayouts.EPOCH + (HourlyLayouts.DAYS - 2) * 86_400L;
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            keys.add("vm-" + (10_000 + fleet.vmNumber(random.nextInt(fleet.size()), HourlyLayouts.HOURS - 1)));
        }
        removeNextHour();
    }

    /** Before each invocation of {@link #nextHour} (one per iteration): the hour is removed, so that it is new again. */
    @Setup(Level.Iteration)
    public void removeNextHour() throws SQLException {
        String where = "\"SnapshotTime\" = ?" + (l == Layout.DAY_BUCKET ? " AND \"Day\" = " + nextHour / 86_400 : "");
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM h WHERE " + where)) {
            ps.setLong(1, nextHour);
            ps.executeUpdate();
        }
    }

    @Benchmark
    public void nextHour() throws SQLException {
        HourlyLayouts.write(c, l, nextHour, rows);
    }

    @Benchmark
    public long orderedDay() throws SQLException {
        return HourlyLayouts.readDay(c, l, dayStart);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public int trace() throws SQLException {
        String vm = keys.get(key++ % keys.size());
        return HourlyLayouts.trace(c, l, vm, HourlyLayouts.EPOCH, nextHour);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        try {
            removeNextHour();
            c.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
