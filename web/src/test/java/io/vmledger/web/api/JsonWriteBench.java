package io.vmledger.web.api;

import io.vmledger.api.ChargeBasis;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.web.http.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Not a test: a {@code main} that times writing the two largest JSON answers of the API, the records
 * through Jackson (what the routes do) against a hand-written writer of the same bytes: a page of 10,000
 * daily summary rows ({@link SummaryColumns}) and a month's trace of 744 samples ({@link VmsApi.SampleView}).
 * Figures and the decision are in docs/api.md ("JSON writing"). Run after {@code bin/vmledger --version}
 * (which builds) and {@code mvn -q -pl web -am test-compile -o}:
 * <pre>
 *   java -cp 'web/target/test-classes:web/target/classes:web/target/libs/*' io.vmledger.web.api.JsonWriteBench
 * </pre>
 */
public final class JsonWriteBench {
    private static final int WARM_UP = 40;
    private static final int TIMED = 180;

    private JsonWriteBench() {
    }

    public static void main(String[] args) throws IOException {
        List<VmSummary> rows = summaries(10_000);
        List<VmsApi.SampleView> samples = samples(744);
        SummaryColumns columns = SummaryColumns.daily();
        Supplier<String> summaryRecords = () -> Json.write(columns.json(rows, ChargeBasis.DAY, 15_000, 10_000, 0));
        Supplier<String> summaryHand = () -> handSummary(columns, rows, 15_000, 10_000, 0);
        Supplier<String> traceRecords = () -> Json.write(new PageView<>(samples, samples.size(), 1_000, 0));
        Supplier<String> traceHand = () -> handTrace(samples, 1_000, 0);
        if (!summaryRecords.get().equals(summaryHand.get()) || !traceRecords.get().equals(traceHand.get())) {
            throw new IllegalStateException("the hand-written writer must produce the records' bytes");
        }
        Map<String, Supplier<String>> ways = new LinkedHashMap<>();
        ways.put("summary page, 10,000 rows: records", summaryRecords);
        ways.put("summary page, 10,000 rows: hand-written", summaryHand);
        ways.put("trace, 744 samples: records", traceRecords);
        ways.put("trace, 744 samples: hand-written", traceHand);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        ways.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        for (int round = 0; round < WARM_UP + TIMED; round++) {
            for (Map.Entry<String, Supplier<String>> w : ways.entrySet()) { // interleaved: load hits all alike
                long t0 = System.nanoTime();
                if (w.getValue().get().isEmpty()) {
                    throw new IllegalStateException();
                }
                if (round >= WARM_UP) {
                    times.get(w.getKey()).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        System.out.printf(Locale.ROOT, "JSON of the largest answers (%,d bytes; %,d bytes), %d timed runs each%n",
                summaryRecords.get().length(), traceRecords.get().length(), TIMED);
        times.forEach((k, v) -> {
            Collections.sort(v);
            System.out.printf(Locale.ROOT, "  %-42s min %7.3f ms  median %7.3f ms%n", k, v.get(0), v.get(v.size() / 2));
        });
        System.out.println("load average " + Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private static String handSummary(SummaryColumns columns, List<VmSummary> rows, long total, int limit, long offset) {
        List<String> names = columns.names();
        StringBuilder b = new StringBuilder(rows.size() * 700);
        b.append("{\"items\":[");
        for (int r = 0; r < rows.size(); r++) {
            b.append(r == 0 ? "{" : ",{");
            List<Object> cells = columns.cells(rows.get(r), ChargeBasis.DAY);
            for (int i = 0; i < names.size(); i++) {
                b.append(i == 0 ? "\"" : ",\"").append(names.get(i)).append("\":");
                value(b, cells.get(i));
            }
            b.append('}');
        }
        return b.append("],\"total\":").append(total).append(",\"limit\":").append(limit)
                .append(",\"offset\":").append(offset).append('}').toString();
    }

    private static String handTrace(List<VmsApi.SampleView> samples, int limit, long offset) {
        StringBuilder b = new StringBuilder(samples.size() * 330);
        b.append("{\"items\":[");
        for (int i = 0; i < samples.size(); i++) {
            VmsApi.SampleView s = samples.get(i);
            b.append(i == 0 ? "{" : ",{").append("\"SnapshotTime\":").append(s.snapshotTime());
            b.append(",\"SnapshotTimeIso\":");
            value(b, s.snapshotTimeIso());
            b.append(",\"Name\":");
            value(b, s.name());
            b.append(",\"VmUuid\":");
            value(b, s.vmUuid());
            b.append(",\"ResourcePool\":");
            value(b, s.resourcePool());
            b.append(",\"Datacenter\":");
            value(b, s.datacenter());
            b.append(",\"Cluster\":");
            value(b, s.cluster());
            b.append(",\"Folder\":");
            value(b, s.folder());
            b.append(",\"VcpuCount\":").append(s.vcpuCount()).append(",\"RamGB\":").append(s.ramGb())
                    .append(",\"ProvisionedDisk\":").append(s.provisionedDisk()).append(",\"PowerState\":");
            value(b, s.powerState());
            b.append(",\"IsTemplate\":").append(s.template());
            if (s.creationTime() != null) {
                b.append(",\"CreationTime\":").append(s.creationTime());
            }
            b.append('}');
        }
        return b.append("],\"total\":").append(samples.size()).append(",\"limit\":").append(limit)
                .append(",\"offset\":").append(offset).append('}').toString();
    }

    private static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        } else {
            b.append(v);
        }
    }

    private static List<VmSummary> summaries(int n) {
        Random rnd = new Random(42);
        List<VmSummary> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new VmSummary(1_767_139_200L, "vc01.sim.example.com", "vm-" + i, "vm-" + i,
                    new UUID(rnd.nextLong(), rnd.nextLong()).toString(), "web-" + i, 24, 24, 1.0, 2 + rnd.nextInt(8),
                    4 + rnd.nextInt(60) / 3.0, 40 + rnd.nextDouble() * 200, 0, 100.0 / 3, 0, 200.0 / 3, 0,
                    1_767_139_200L, 1_767_222_000L, "Gold/app", 4, 16.0, 120.5, PowerState.POWERED_ON, "dc1",
                    "cluster-a", "/vms/web", 1_760_000_000L + i, i % 10 == 0 ? 1_767_222_000L : null));
        }
        return rows;
    }

    private static List<VmsApi.SampleView> samples(int n) {
        List<VmsApi.SampleView> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t = 1_767_225_600L + 3_600L * i;
            out.add(VmsApi.SampleView.of(new VmSample(t, "vc01.sim.example.com", "vm-17",
                    "4f1c2d3e-0000-4000-8000-00000000abcd", "web-17", 1_760_000_000L, null, "Gold/app", "dc1",
                    "cluster-a", "/vms/web", 4, 16.0, 120.5, PowerState.POWERED_ON, false)));
        }
        return out;
    }
}
