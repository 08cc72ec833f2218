package io.vmledger.benchmarks.load;

import io.vmledger.benchmarks.BenchOptions;

import static io.vmledger.benchmarks.ServiceAnswers.all;
import static io.vmledger.benchmarks.ServiceAnswers.enc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/vmledger benchmark-load --url URL}: the API under concurrent load, measured with {@code wrk}
 * (issue 14: trace p99 under 50 ms and daily summary p99 under 150 ms with 8 clients on the 30-day,
 * 15,000-VM store). It finds, from the running service, the aggregated days and the VMs of the newest one,
 * prepares {@code --paths} random requests per scenario, checks a sample of them answers 200, then runs
 * {@code wrk} with {@code --clients} connections for {@code --seconds} per scenario (a Lua script picks a
 * random prepared path per request) and prints requests per second, p50, p90, p99 and max, with the load
 * average before and after each run: the machine is shared.
 * <ul>
 *   <li>{@code trace}: {@code /api/vms/trace?vcenter=&vm_id=} of random VMs alive on the newest day: their
 *       whole history (720 samples on a 30-day store);</li>
 *   <li>{@code daily}: {@code /api/snapshots/daily/{day}?limit=100} over every aggregated day, with a mix of
 *       sorts, orders, offsets up to the day's end, and vCenter, pool and name-prefix filters;</li>
 *   <li>{@code daily-first}: the first page of each day, unsorted and unfiltered.</li>
 * </ul>
 */
public final class LoadBenchmark {
    private static final List<String> SORTS = List.of("Name", "Vcenter", "ResourcePool", "AvgIsPresent",
            "AvgVcpuCount", "AvgRamGB", "AvgProvisionedDisk", "CreationTime", "DeletionTime");
    private static final String LUA = """
            -- a random prepared path per request; the file of paths is the script's argument
            local paths = {}
            function init(args)
                for line in io.lines(args[1]) do paths[#paths + 1] = line end
                math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
            end
            function request()
                return wrk.format("GET", paths[math.random(#paths)])
            end
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Random random = new Random(14);

    private LoadBenchmark(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static final BenchOptions.Spec OPTIONS = new BenchOptions.Spec("benchmark-load", "--url URL [options]", """
            Prints per scenario: requests/s, latency p50, p90, p99, max, non-2xx answers, and the load
            average before and after.""")
            .text("url", null, "URL", "a running vmledger with aggregated days (auth off), e.g. http://localhost:8088")
            .integer("clients", 8, 1, 10_000, "concurrent connections of wrk (wrk runs 2 threads)")
            .integer("seconds", 30, 1, 3600, "duration of each scenario after a 5 s warm-up")
            .integer("paths", 2000, 1, 1_000_000, "random requests prepared per scenario")
            .text("scenarios", "trace,daily,daily-first", "LIST", "which to run, in order")
            .text("wrk", "wrk", "PATH", "the wrk binary (Debian: apt-get install wrk)");

    public static void main(String[] args) {
        System.exit(OPTIONS.run(args, System.out, System.err, o -> {
            try {
                run(o);
                return 0;
            } catch (IOException | RuntimeException e) {
                System.err.println("benchmark-load failed: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }));
    }

    private static void run(BenchOptions o) throws IOException, InterruptedException {
        LoadBenchmark b = new LoadBenchmark(o.text("url"));
        int clients = o.integer("clients");
        int seconds = o.integer("seconds");
        int count = o.integer("paths");
        String wrk = o.text("wrk");
        Path dir = Files.createTempDirectory("vmledger-load");
        Path script = Files.writeString(dir.resolve("random-path.lua"), LUA);
        Map<String, List<String>> scenarios = b.scenarios(count);
        System.out.printf(Locale.ROOT, "%-12s %7s %9s %9s %9s %9s %9s %7s   %s%n", "scenario", "clients", "req/s",
                "p50", "p90", "p99", "max", "non-2xx", "load average before -> after");
        for (String name : o.text("scenarios").split(",")) {
            List<String> paths = scenarios.get(name);
            if (paths == null) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: " + scenarios.keySet());
            }
            b.check(name, paths);
            Path file = Files.write(dir.resolve(name + ".paths"), paths);
            run(wrk, clients, 5, script, file, b.base); // warm-up, not reported
            String before = BenchOptions.loadAverage();
            String out = run(wrk, clients, seconds, script, file, b.base);
            System.out.printf(Locale.ROOT, "%-12s %7d %9s %9s %9s %9s %9s %7s   %s -> %s%n", name, clients,
                    find(out, "Requests/sec:\\s+([0-9.]+)"), find(out, "\\s50%\\s+(\\S+)"), find(out, "\\s90%\\s+(\\S+)"),
                    find(out, "\\s99%\\s+(\\S+)"), find(out, "Latency\\s+\\S+\\s+\\S+\\s+(\\S+)"),
                    optional(out, "Non-2xx or 3xx responses:\\s+(\\d+)", "0"), before, BenchOptions.loadAverage());
        }
    }

    /** The prepared paths of each scenario, from what the service holds. */
    private Map<String, List<String>> scenarios(int count) throws IOException, InterruptedException {
        List<String> days = all(get("/api/snapshots?type=daily&limit=1000"), "\"timeIso\":\"(\\d{4}-\\d{2}-\\d{2})");
        if (days.size() < 2) {
            throw new IllegalStateException("the service has fewer than two aggregated days");
        }
        String newest = days.get(1); // the newest whole day (the first may be today so far)
        List<String[]> vms = new ArrayList<>(); // vCenter, VmId, Name, ResourcePool
        int rows = 0;
        for (int offset = 0; ; offset += 10_000) {
            String page = get("/api/snapshots/daily/" + newest + "?limit=10000&offset=" + offset);
            Matcher m = Pattern.compile("\\{[^{}]*?\"Vcenter\":\"([^\"]+)\"[^{}]*?\"VmId\":\"([^\"]+)\"[^{}]*?"
                    + "\"Name\":\"([^\"]*)\"[^{}]*?\"ResourcePool\":\"([^\"]*)\"").matcher(page);
            int before = vms.size();
            while (m.find()) {
                vms.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
            }
            rows = Integer.parseInt(find(page, "\"total\":(\\d+)"));
            if (vms.size() == before || vms.size() >= rows) {
                break;
            }
        }
        if (vms.isEmpty()) {
            throw new IllegalStateException("no VMs with a VmId in the daily summary of " + newest);
        }
        System.out.printf(Locale.ROOT, "store: %d aggregated days, newest whole day %s with %,d rows (%,d VMs read)%n",
                days.size(), newest, rows, vms.size());
        List<String> trace = new ArrayList<>();
        List<String> daily = new ArrayList<>();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] vm = vms.get(random.nextInt(vms.size()));
            trace.add("/api/vms/trace?vcenter=" + enc(vm[0]) + "&vm_id=" + enc(vm[1]));
            String day = days.get(1 + random.nextInt(days.size() - 1));
            first.add("/api/snapshots/daily/" + day + "?limit=100");
            StringBuilder q = new StringBuilder("/api/snapshots/daily/" + day + "?limit=100");
            q.append("&sort=").append(SORTS.get(random.nextInt(SORTS.size())));
            q.append("&order=").append(random.nextBoolean() ? "asc" : "desc");
            String[] other = vms.get(random.nextInt(vms.size()));
            switch (random.nextInt(6)) {
                case 0 -> q.append("&vcenter=").append(enc(other[0]));
                case 1 -> q.append("&pool=").append(enc(other[3]));
                case 2 -> q.append("&name_prefix=").append(enc(other[2].substring(0, Math.min(3, other[2].length()))));
                default -> { }
            }
            int[] offsets = {0, 0, 100, 1_000, rows / 2, Math.max(0, rows - 100)};
            q.append("&offset=").append(offsets[random.nextInt(offsets.length)]);
            daily.add(q.toString());
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("trace", trace);
        out.put("daily", daily);
        out.put("daily-first", first);
        return out;
    }

    /** Every 20th path answers 200, so that the figures are of real answers. */
    private void check(String scenario, List<String> paths) throws IOException, InterruptedException {
        for (int i = 0; i < paths.size(); i += 20) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + paths.get(i))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(scenario + ": " + paths.get(i) + " answered " + r.statusCode() + ": "
                        + r.body());
            }
        }
    }

    private static String run(String wrk, int clients, int seconds, Path script, Path paths, String base)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(wrk, "-t", "2", "-c", Integer.toString(clients), "-d", seconds + "s",
                "--latency", "--timeout", "10s", "-s", script.toString(), base, "--", paths.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.contains("Requests/sec")) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        return out;
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }



    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in:\n" + text);
        }
        return m.group(1);
    }

    private static String optional(String text, String regex, String fallback) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : fallback;
    }
}
