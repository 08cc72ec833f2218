package io.vmledger.benchmarks.jmh;

import io.vmledger.api.TimeWindow;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.SummarySort;
import io.vmledger.storage.spi.VmLookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.function.Supplier;

/**
 * The API's reads on PostgreSQL through the storage plugin (plain JDBC, binary cursors, a text dictionary)
 * against the same statements through Helidon's DB Client (decision 0101): the trace of one VM over 30 days
 * ({@code /api/vms/trace}) and the first page of a day's summary by name, 100 rows (the API's default) or
 * 10,000 (its maximum). Both sides must return equal lists, which the set-up checks.
 */
public class DbClientReadBenchmark extends MillisecondBenchmark {
    @Param({"trace", "page-100", "page-10000"})
    public String read;

    /** {@code plugin} (the storage SPI) or {@code dbclient} (Helidon's DB Client). */
    @Param({"plugin", "dbclient"})
    public String client;

    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private DbClientReads dbClient;
    private Supplier<List<?>> work;

    @Setup(Level.Trial)
    public void open() {
        bench = BenchStore.open(StoreKind.POSTGRES, vms);
        Storage storage = bench.storage();
        Supplier<List<?>> plugin;
        Supplier<List<?>> other;
        dbClient = new DbClientReads(bench.pluginOptions());
        if (read.equals("trace")) {
            BenchStore.TraceTarget t = bench.traceTarget();
            String key = storage.lifecycle().find(new VmLookup(VmLookup.By.VM_ID, t.vmId(), t.vcenter())).get(0).vmKey();
            TimeWindow w = t.window();
            plugin = () -> storage.hourly().trace(t.vcenter(), key, w);
            other = () -> dbClient.trace(t.vcenter(), key, w);
        } else if (read.startsWith("page-")) {
            int limit = Integer.parseInt(read.substring("page-".length()));
            long day = bench.settings().calendar().startOf(bench.day());
            SummaryQuery q = new SummaryQuery(null, null, null, SummarySort.NAME, false, limit, 0);
            plugin = () -> storage.rollups().daily(day, q).items();
            other = () -> dbClient.page(day, limit);
        } else {
            throw new IllegalArgumentException("unknown read '" + read + "' (allowed: trace, page-100, page-10000)");
        }
        List<?> a = plugin.get();
        List<?> b = other.get();
        if (!a.equals(b)) {
            throw new IllegalStateException(read + ": the plugin and the DB Client read differ (" + a.size() + " and "
                    + b.size() + " rows)");
        }
        work = switch (client) {
            case "plugin" -> plugin;
            case "dbclient" -> other;
            default -> throw new IllegalArgumentException("unknown client '" + client + "' (allowed: plugin, dbclient)");
        };
    }

    @Benchmark
    public List<?> read() {
        return work.get();
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            dbClient.close();
        } finally {
            bench.close();
        }
    }
}
