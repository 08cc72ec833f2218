package io.vmledger.web.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import io.vmledger.capture.CaptureFailure;
import io.vmledger.capture.CaptureObserver;
import io.vmledger.capture.VcenterCaptureResult;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of each vCenter's captures ({@code vmledger_capture_*{vcenter}}), fed by the capture pipeline. The
 * meters of the configured vCenters exist from the start, failures of every kind at 0, so that an alert on their
 * increase sees the first failure too.
 */
final class CaptureMeters implements CaptureObserver {

    /** What is known of a vCenter's captures before this process ran one (from the store). */
    record Seed(long lastSuccessEpochSeconds, int consecutiveFailures, long vms) {
    }

    private final Meters meters;
    private final Clock clock;
    private final Map<String, PerVcenter> byVcenter = new ConcurrentHashMap<>();

    CaptureMeters(Meters meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** Registers the meters of a vCenter (every vCenter of a result is registered on first sight anyway). */
    void register(String vcenter, Seed seed) {
        byVcenter.computeIfAbsent(vcenter, vc -> new PerVcenter(vc, seed));
    }

    @Override
    public void captured(VcenterCaptureResult r) {
        // a vCenter the store knew nothing of: its age counts from now
        PerVcenter m = byVcenter.computeIfAbsent(r.vcenter(), vc -> new PerVcenter(vc,
                new Seed(clock.millis() / 1000, 0, 0)));
        m.duration.record(Duration.ofNanos(Math.round(r.seconds() * 1e9)));
        if (r.succeeded()) {
            m.rows.increment(r.rows());
            m.fallbacks.increment(r.fallbacks());
            m.vms.set(r.rows());
            m.lastSuccess.accumulateAndGet(clock.millis(), Math::max);
            m.consecutiveFailures.set(0);
        } else {
            CaptureFailure kind = r.failure() == null ? CaptureFailure.INTERNAL : r.failure();
            m.failures.get(kind).increment();
            m.consecutiveFailures.incrementAndGet();
        }
    }

    /** One vCenter's meters. */
    private final class PerVcenter {
        final Timer duration;
        final Counter rows;
        final Counter fallbacks;
        final Map<CaptureFailure, Counter> failures = new EnumMap<>(CaptureFailure.class);
        final AtomicLong lastSuccess;
        final AtomicInteger consecutiveFailures;
        final AtomicLong vms;

        PerVcenter(String vc, Seed seed) {
            lastSuccess = new AtomicLong(seed.lastSuccessEpochSeconds() * 1000);
            consecutiveFailures = new AtomicInteger(seed.consecutiveFailures());
            vms = new AtomicLong(seed.vms());
            duration = meters.timer("vmledger.capture.duration",
                    "Wall time of a vCenter's capture, all stages, succeeded or failed", "vcenter", vc);
            rows = meters.counter("vmledger.capture.rows", "Rows written to vm_hourly_stats by successful captures",
                    "vcenter", vc);
            fallbacks = meters.counter("vmledger.capture.fallbacks",
                    "VMs the source had to fetch one at a time (bulk retrieval failed for them)", "vcenter", vc);
            for (CaptureFailure kind : CaptureFailure.values()) {
                failures.put(kind, meters.counter("vmledger.capture.failures", "Failed captures by cause",
                        "vcenter", vc, "cause", kind.wire()));
            }
            meters.gauge("vmledger.capture.last.success.timestamp.seconds",
                    "When the vCenter's last successful capture ended (epoch seconds); until this process captured it,"
                            + " from the store, or the start of the service when it was never captured", lastSuccess, v -> v.get() / 1000.0, "vcenter", vc);
            meters.gauge("vmledger.capture.consecutive.failures",
                    "Captures of the vCenter that failed since its last success", consecutiveFailures,
                    AtomicInteger::get, "vcenter", vc);
            meters.gauge("vmledger.capture.vms", "VMs in the vCenter's last successful capture", vms, AtomicLong::get,
                    "vcenter", vc);
        }
    }
}
