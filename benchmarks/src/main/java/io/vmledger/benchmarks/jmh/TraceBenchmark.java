package io.vmledger.benchmarks.jmh;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import io.vmledger.storage.jdbc.JdbcHourlyStore;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.VmLookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;

/**
 * The storage work of the API's and the UI's trace of one VM over 30 days: the look-up of the VM in the
 * lifecycle cache by its id, then its samples in the window cut to its first and last sighting (what
 * {@code web}'s {@code TraceService} does), reading the packed days ({@code packed}: every day of the store is
 * packed first, once; decision 0150) or one primary-key probe per snapshot ({@code probes}, what a trace of days
 * not packed costs), side by side.
 */
public class TraceBenchmark extends MillisecondBenchmark {
    @Param({"sqlite", "postgres"})
    public String store;

    @Param({"1500", "15000"})
    public int vms;

    @Param({"packed", "probes"})
    public String read;

    private BenchStore bench;
    private Storage storage;
    private VmLookup lookup;
    private TimeWindow window;

    @Setup(Level.Trial)
    public void open() {
        bench = BenchStore.open(StoreKind.parse(store), vms);
        storage = bench.storage();
        BenchStore.TraceTarget target = bench.traceTarget();
        lookup = new VmLookup(VmLookup.By.VM_ID, target.vmId(), target.vcenter());
        window = target.window();
        if (read.equals("packed")) {
            for (String vcenter : storage.hourly().vcenters()) {
                storage.hourly().packTraces(vcenter, Long.MAX_VALUE);
            }
        }
    }

    @Benchmark
    public List<VmSample> trace() {
        LifecycleEntry vm = storage.lifecycle().find(lookup).get(0);
        long from = Math.max(window.start(), vm.firstSeen());
        long to = Math.min(window.end(), vm.lastSeen() + 1);
        TimeWindow cut = new TimeWindow(from, to);
        return read.equals("packed") ? storage.hourly().trace(vm.vcenter(), vm.vmKey(), cut)
                : ((JdbcHourlyStore) storage.hourly()).traceByProbes(vm.vcenter(), vm.vmKey(), cut);
    }

    @TearDown(Level.Trial)
    public void close() {
        bench.close();
    }
}
