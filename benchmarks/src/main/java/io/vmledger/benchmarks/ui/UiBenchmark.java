package io.vmledger.benchmarks.ui;

import io.vmledger.benchmarks.BenchOptions;

import static io.vmledger.benchmarks.ServiceAnswers.all;
import static io.vmledger.benchmarks.ServiceAnswers.enc;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/vmledger benchmark-ui --url URL}: the web UI's speed against a running vmledger (for the
 * figures of record, the 30-day, 15,000-VM store of docs/ui.md):
 * <ol>
 *   <li>each page's first page of results, requested one at a time: the server's time (its
 *       {@code Server-Timing} header) and the client's, p50 / p95 / max, beside the JSON API call that
 *       reads the same data where there is one;</li>
 *   <li>the trace page of a VM with a month of hourly samples in headless Chromium: the time from
 *       navigation to charts drawn ({@code performance.mark} of app.js);</li>
 *   <li>the stylesheet and script gzipped.</li>
 * </ol>
 * The load average is printed before and after: the machine is shared.
 */
public final class UiBenchmark {
    private static final Pattern TIMING = Pattern.compile("app;dur=([0-9.]+)");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final int requests;

    private UiBenchmark(String base, int requests) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.requests = requests;
    }

    static final BenchOptions.Spec OPTIONS = new BenchOptions.Spec("benchmark-ui", "--url URL [options]", """
            Prints each page's server and client time (p50, p95, max), the trace page's draw time in
            headless Chromium (/usr/bin/chromium, /usr/bin/chromedriver) and the CSS + JS size.""")
            .text("url", null, "URL", "a running vmledger (auth.ui public), e.g. http://localhost:8081")
            .integer("requests", 200, 1, 100_000, "timed requests per page after 20 warm-up ones")
            .integer("browser-runs", 10, 1, 1000, "loads of the trace page in Chromium");

    public static void main(String[] args) {
        System.exit(OPTIONS.run(args, System.out, System.err, o -> {
            try {
                UiBenchmark b = new UiBenchmark(o.text("url"), o.integer("requests"));
                System.out.println("load average before: " + BenchOptions.loadAverage());
                Map<String, String> pages = b.pages();
                System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s   %9s %9s   %s%n", "page (first page of results)",
                        "server50", "server95", "serverMax", "client50", "client95", "bytes");
                for (Map.Entry<String, String> p : pages.entrySet()) {
                    b.time(p.getKey(), p.getValue());
                }
                b.browser(pages.get("trace of a 30-day VM"), o.integer("browser-runs"));
                b.assets();
                System.out.println("load average after: " + BenchOptions.loadAverage());
                return 0;
            } catch (IOException e) {
                System.err.println("benchmark-ui failed: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }));
    }

    /** The pages to time, found from the running service: the newest full day, its month, a vCenter, a long-lived VM. */
    private Map<String, String> pages() throws IOException, InterruptedException {
        String daily = get("/api/snapshots?type=daily&limit=2").body();
        List<String> days = all(daily, "\"timeIso\":\"(\\d{4}-\\d{2}-\\d{2})");
        String day = days.size() > 1 ? days.get(1) : days.get(0);
        String month = day.substring(0, 7);
        String vcenter = first(get("/api/vcenters").body(), "\"vcenter\":\"([^\"]+)\"");
        String vm = null;
        String oldest = all(get("/api/snapshots?type=daily&limit=1000").body(), "\"timeIso\":\"(\\d{4}-\\d{2}-\\d{2})").stream()
                .reduce((x, y) -> y).orElse(day);
        String rows = get("/api/snapshots/daily/" + oldest + "?vcenter=" + enc(vcenter) + "&sort=AvgIsPresent&order=desc&limit=200").body();
        int most = 0;
        for (String id : all(rows, "\"VmId\":\"([^\"]+)\"")) {
            String t = get("/api/vms/trace?vcenter=" + enc(vcenter) + "&vm_id=" + enc(id) + "&limit=1").body();
            int total = Integer.parseInt(first(t, "\"total\":(\\d+)"));
            if (total > most) {
                most = total;
                vm = id;
            }
            if (total >= 720) {
                break;
            }
        }
        String job = first(get("/api/jobs?limit=1").body(), "\"id\":(\\d+)");
        String prefix = first(rows, "\"Name\":\"([^\"]{3})");
        System.out.printf(Locale.ROOT, "store: newest full day %s, vCenter %s, VM %s with %d hourly samples%n",
                day, vcenter, vm, most);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("dashboard", "/");
        pages.put("snapshots (daily list)", "/snapshots");
        pages.put("snapshots (hourly list)", "/snapshots?type=hourly");
        pages.put("daily summary", "/snapshots/daily/" + day);
        pages.put("  API: same rows, JSON", "/api/snapshots/daily/" + day + "?limit=100");
        pages.put("daily summary, by vCPU desc", "/snapshots/daily/" + day + "?sort=AvgVcpuCount&order=desc");
        pages.put("daily summary, filtered", "/snapshots/daily/" + day + "?vcenter=" + enc(vcenter) + "&name_prefix=" + enc(prefix));
        pages.put("monthly summary", "/snapshots/monthly/" + month);
        pages.put("  API: same rows, JSON", "/api/snapshots/monthly/" + month + "?limit=100");
        pages.put("vcenters", "/vcenters");
        pages.put("vcenter, 30 days daily", "/vcenters/" + enc(vcenter));
        pages.put("vcenter, 7 days hourly", "/vcenters/" + enc(vcenter) + "?granularity=hourly");
        pages.put("trace of a 30-day VM", "/trace?vcenter=" + enc(vcenter) + "&vm_id=" + enc(vm) + "&from=" + oldest);
        pages.put("  API: same samples, JSON", "/api/vms/trace?vcenter=" + enc(vcenter) + "&vm_id=" + enc(vm));
        pages.put("trace search by name prefix", "/trace?q=" + enc(prefix));
        pages.put("jobs", "/jobs");
        pages.put("job", "/jobs/" + job);
        // keys must be unique: the API rows carry their page's name
        Map<String, String> unique = new LinkedHashMap<>();
        String last = "";
        for (Map.Entry<String, String> e : pages.entrySet()) {
            unique.put(e.getKey().startsWith("  API") ? "  API for " + last : e.getKey(), e.getValue());
            if (!e.getKey().startsWith("  API")) {
                last = e.getKey();
            }
        }
        return unique;
    }

    private void time(String name, String path) throws IOException, InterruptedException {
        for (int i = 0; i < 20; i++) {
            get(path);
        }
        double[] server = new double[requests];
        double[] client = new double[requests];
        long bytes = 0;
        boolean timed = true;
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(path);
            client[i] = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode());
            }
            Matcher m = TIMING.matcher(r.headers().firstValue("Server-Timing").orElse(""));
            timed &= m.find();
            server[i] = timed ? Double.parseDouble(m.group(1)) : Double.NaN;
            bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
        }
        Arrays.sort(server);
        Arrays.sort(client);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s   %7.1fms %7.1fms   %,d%n", name,
                timed ? ms(pct(server, 50)) : "-", timed ? ms(pct(server, 95)) : "-", timed ? ms(server[requests - 1]) : "-",
                pct(client, 50), pct(client, 95), bytes);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%7.1fms", v);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Loads the trace page in headless Chromium and reports navigation-to-charts-drawn. */
    private void browser(String path, int runs) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("vmledger-bench-chromium"));
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build(), options);
        try {
            double[] drawn = new double[runs];
            double[] loaded = new double[runs];
            long samples = 0;
            for (int i = 0; i < runs + 2; i++) {
                // a fresh navigation each time; the first two warm the cache and the JIT and are not counted
                driver.get("about:blank");
                driver.get(base + path);
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript("return performance.getEntriesByName('vmledger:charts-drawn').length > 0"
                                + " && performance.timing.loadEventEnd > 0")));
                if (i < 2) {
                    continue;
                }
                JavascriptExecutor js = driver;
                drawn[i - 2] = ((Number) js.executeScript(
                        "return performance.getEntriesByName('vmledger:charts-drawn')[0].startTime")).doubleValue();
                loaded[i - 2] = ((Number) js.executeScript(
                        "return performance.timing.loadEventEnd - performance.timing.navigationStart")).doubleValue();
                samples = (Long) js.executeScript("return document.querySelectorAll('table.data tbody tr').length");
            }
            Arrays.sort(drawn);
            Arrays.sort(loaded);
            System.out.printf(Locale.ROOT, "trace page in Chromium (%d sample rows, 3 charts), %d loads: charts drawn "
                    + "p50 %.0f ms, max %.0f ms after navigation; load event p50 %.0f ms, max %.0f ms%n",
                    samples, runs, pct(drawn, 50), drawn[runs - 1], pct(loaded, 50), loaded[runs - 1]);
        } finally {
            driver.quit();
        }
    }

    private void assets() throws IOException, InterruptedException {
        String page = get("/").body();
        long total = 0;
        for (String asset : all(page, "(?:href|src)=\"(/assets/app-[0-9a-f]+\\.(?:css|js))\"")) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + asset))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            System.out.printf(Locale.ROOT, "%s: %,d bytes gzipped%n", asset, r.body().length);
            total += r.body().length;
        }
        System.out.printf(Locale.ROOT, "CSS + JS gzipped: %,d bytes (%.1f KB)%n", total, total / 1024.0);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html,application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("the service's answer lacks " + regex);
        }
        return m.group(1);
    }
}
