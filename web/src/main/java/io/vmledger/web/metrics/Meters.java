package io.vmledger.web.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meters of one running service on Helidon's registry: each registered through here is remembered and removed
 * by {@link #close()}, so a service stopped and started again in one JVM (the tests) never feeds a gauge of the
 * old one or adds to its counters. Names are dotted ({@code vmledger.capture.rows}); the Prometheus format writes
 * them with underscores and the unit and type suffixes ({@code vmledger_capture_rows_total}).
 */
final class Meters implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> registered = new ArrayList<>();

    Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A counter; {@code tags} are name-value pairs. */
    Counter counter(String name, String description, String... tags) {
        return add(Counter.builder(name).description(description).tags(tags(tags)));
    }

    /** A timer in seconds (count, sum, max and quantiles in the Prometheus format). */
    Timer timer(String name, String description, String... tags) {
        return add(Timer.builder(name).baseUnit(Meter.BaseUnits.SECONDS).description(description).tags(tags(tags)));
    }

    /** A gauge read from {@code state} at each scrape. */
    <T> void gauge(String name, String description, T state, ToDoubleFunction<T> value, String... tags) {
        add(Gauge.builder(name, state, value).description(description).tags(tags(tags)));
    }

    /** A counter kept elsewhere (a queue's or a pool's), read from {@code state} at each scrape. */
    <T> void counted(String name, String unit, String description, T state, ToLongFunction<T> value, String... tags) {
        add(FunctionalCounter.builder(name, state, s -> value.applyAsLong(s)).description(description)
                .tags(tags(tags)), unit);
    }

    private <M extends Meter, B extends Meter.Builder<B, M>> M add(B builder, String unit) {
        return add(unit == null ? builder : builder.baseUnit(unit));
    }

    private <M extends Meter, B extends Meter.Builder<B, M>> M add(B builder) {
        M meter = registry.getOrCreate(builder);
        synchronized (registered) {
            registered.add(meter);
        }
        return meter;
    }

    private static List<Tag> tags(String... pairs) {
        List<Tag> out = new ArrayList<>(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(Tag.create(pairs[i], pairs[i + 1]));
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (registered) {
            for (Meter m : registered) {
                registry.remove(m);
            }
            registered.clear();
        }
    }
}
