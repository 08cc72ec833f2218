package io.vmledger.web.ui;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The templates' formatting filters, all plain text (so autoescaping still applies to their output):
 * {@code int}, {@code num(d)}, {@code pct}, {@code time}, {@code timems}, {@code day}, {@code iso},
 * {@code duration}, {@code within(kind, start)}. A null input gives an empty string.
 */
final class UiExtension extends AbstractExtension {
    private final Format format;

    UiExtension(Format format) {
        this.format = format;
    }

    @Override
    public Map<String, Filter> getFilters() {
        return Map.of(
                "int", number(v -> Format.number(v.doubleValue(), 0)),
                "num", new Filter() {
                    @Override
                    public List<String> getArgumentNames() {
                        return List.of("decimals");
                    }

                    @Override
                    public Object apply(Object input, Map<String, Object> args, PebbleTemplate self,
                                        EvaluationContext context, int lineNumber) {
                        Object d = args.get("decimals");
                        int decimals = d instanceof Number n ? n.intValue() : 1;
                        return input instanceof Number n ? Format.number(n.doubleValue(), decimals) : "";
                    }
                },
                "pct", number(v -> Format.percent(v.doubleValue())),
                "time", number(v -> format.time(v.longValue())),
                "timems", number(v -> format.timeMillis(v.longValue())),
                "day", number(v -> format.day(v.longValue())),
                "iso", number(v -> format.iso(v.longValue())),
                "duration", number(v -> Format.duration(v.longValue())),
                "within", new Filter() {
                    @Override
                    public List<String> getArgumentNames() {
                        return List.of("kind", "start");
                    }

                    @Override
                    public Object apply(Object input, Map<String, Object> args, PebbleTemplate self,
                                        EvaluationContext context, int lineNumber) {
                        return input instanceof Number n && args.get("start") instanceof Number start
                                ? format.timeWithin(n.longValue(), String.valueOf(args.get("kind")), start.longValue()) : "";
                    }
                });
    }

    private static Filter number(Function<Number, String> f) {
        return new Filter() {
            @Override
            public List<String> getArgumentNames() {
                return List.of();
            }

            @Override
            public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                                int lineNumber) {
                return input instanceof Number n ? f.apply(n) : "";
            }
        };
    }
}
