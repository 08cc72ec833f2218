package io.vmledger.benchmarks.jmh;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.benchmarks.jmh.store.BenchStore;
import io.vmledger.benchmarks.jmh.store.StoreKind;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.VmLookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The storage work of the API's and the UI's trace of one VM over 30 days: the look-up of the VM in the
 * lifecycle cache by its id, then its samples in the window cut to its first and last sighting (what
 * {@code web}'s {@code TraceService} does). A read of milliseconds, measured as an average over
 * one-second iterations; the store is only read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.GC, JvmOptions.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class TraceBenchmark {
    @Param({"sqlite", "postgres"})
    public String store;

    @Param({"1500", "15000"})
    public int vms;

    private BenchStore bench;
    private Storage storage;
    private VmLookup lookup;
    private TimeWindow window;

    @Setup(Level.Trial)
    public void open() {
        bench = BenchStore.open(StoreKind.parse(store), vms);
        storage = bench.storage();
        long end = bench.lastSnapshotTime();
        window = new TimeWindow(end - 30 * 86_400L, end);
        // a VM of the first vCenter present for the whole window: the longest trace
        String vc = storage.hourly().vcenters().get(0);
        List<Long> times = storage.hourly().snapshotTimes(vc, window);
        TreeSet<String> ids = new TreeSet<>();
        storage.hourly().snapshot(vc, times.get(0)).forEach(s -> ids.add(s.vmId()));
        TreeSet<String> lasting = new TreeSet<>();
        storage.hourly().snapshot(vc, times.get(times.size() - 1)).stream().map(VmSample::vmId)
                .filter(ids::contains).forEach(lasting::add);
        List<String> candidates = List.copyOf(lasting);
        for (int i = 0; i < candidates.size() && lookup == null; i++) {
            // from the middle of the key range on; a VM that was away for some hours has a shorter trace
            lookup = new VmLookup(VmLookup.By.VM_ID, candidates.get((candidates.size() / 2 + i) % candidates.size()), vc);
            if (trace().size() < times.size()) {
                lookup = null;
            }
        }
        if (lookup == null) {
            throw new IllegalStateException("no VM of " + vc + " is in every snapshot of " + window);
        }
    }

    @Benchmark
    public List<VmSample> trace() {
        LifecycleEntry vm = storage.lifecycle().find(lookup).get(0);
        long from = Math.max(window.start(), vm.firstSeen());
        long to = Math.min(window.end(), vm.lastSeen() + 1);
        return storage.hourly().trace(vm.vcenter(), vm.vmKey(), new TimeWindow(from, to));
    }

    @TearDown(Level.Trial)
    public void close() {
        bench.close();
    }
}
