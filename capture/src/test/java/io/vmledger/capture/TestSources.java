package io.vmledger.capture;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Inventory sources for pipeline tests: a scripted one and wrappers that fail, count or slow down. */
final class TestSources {

    private TestSources() {
    }

    static VmSample vm(String vc, long t, String vmId, String name, Long created, String pool, int vcpu, double ram,
                       double disk, PowerState power, boolean template) {
        return new VmSample(t, vc, vmId, "uuid-" + vmId, name, created, null, pool, "DC", "CL", "Folder", vcpu, ram,
                disk, power, template);
    }

    /** A source whose VMs at each time are given by the test; events are a fixed list. */
    static final class Scripted implements InventorySource {
        private final String vcenter;
        private final Map<Long, List<VmSample>> byTime = new HashMap<>();
        private final List<VmEvent> events = new ArrayList<>();

        Scripted(String vcenter) {
            this.vcenter = vcenter;
        }

        /** The VMs present at {@code t} (their snapshot time is set to t). */
        Scripted at(long t, VmSample... vms) {
            List<VmSample> rows = new ArrayList<>();
            for (VmSample v : vms) {
                rows.add(v.withSnapshotTime(t));
            }
            byTime.put(t, rows);
            return this;
        }

        Scripted event(VmEvent e) {
            events.add(e);
            return this;
        }

        @Override
        public List<String> vcenters() {
            return List.of(vcenter);
        }

        @Override
        public Inventory capture(String vc, long t) {
            List<VmSample> rows = byTime.get(t);
            if (rows == null) {
                throw new CaptureException("no scripted inventory at " + t);
            }
            return new Inventory(vc, t, rows, 0);
        }

        @Override
        public List<VmEvent> events(String vc, long from, long to) {
            List<VmEvent> out = new ArrayList<>();
            for (VmEvent e : events) {
                if (e.time() > from && e.time() <= to) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    /** Wraps a source: fails the listed vCenters' first {@code failures} capture calls, counts calls. */
    static final class Failing implements InventorySource {
        private final InventorySource delegate;
        private final Set<String> failing;
        private final int failures;
        final Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

        Failing(InventorySource delegate, Set<String> failing, int failures) {
            this.delegate = delegate;
            this.failing = failing;
            this.failures = failures;
        }

        @Override
        public List<String> vcenters() {
            return delegate.vcenters();
        }

        @Override
        public Inventory capture(String vc, long t) {
            int n = calls.computeIfAbsent(vc, k -> new AtomicInteger()).incrementAndGet();
            if (failing.contains(vc) && n <= failures) {
                throw new CaptureException("connection refused by " + vc, new ConnectException("Connection refused"));
            }
            return delegate.capture(vc, t);
        }

        @Override
        public List<VmEvent> events(String vc, long from, long to) {
            return delegate.events(vc, from, to);
        }
    }

    /** Wraps a source: holds each capture call for a while and records the most calls in flight at once. */
    static final class Slow implements InventorySource {
        private final InventorySource delegate;
        private final long millis;
        private final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        Slow(InventorySource delegate, long millis) {
            this.delegate = delegate;
            this.millis = millis;
        }

        @Override
        public List<String> vcenters() {
            return delegate.vcenters();
        }

        @Override
        public Inventory capture(String vc, long t) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(millis);
                return delegate.capture(vc, t);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptureException("interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public List<VmEvent> events(String vc, long from, long to) {
            return delegate.events(vc, from, to);
        }
    }

    /** Wraps a source and rewrites each inventory it returns. */
    static final class Rewriting implements InventorySource {
        private final InventorySource delegate;
        volatile UnaryOperator<Inventory> rewrite = UnaryOperator.identity();

        Rewriting(InventorySource delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> vcenters() {
            return delegate.vcenters();
        }

        @Override
        public Inventory capture(String vc, long t) {
            return rewrite.apply(delegate.capture(vc, t));
        }

        @Override
        public List<VmEvent> events(String vc, long from, long to) {
            return delegate.events(vc, from, to);
        }
    }
}
