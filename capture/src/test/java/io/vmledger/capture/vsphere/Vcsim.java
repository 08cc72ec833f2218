package io.vmledger.capture.vsphere;

import io.vmledger.api.settings.VcenterEndpoint;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A running vcsim launcher ({@code tools/vcsim}) for tests and benchmarks. The binary is found through the system
 * property {@value #BIN_PROPERTY}, else the environment variable {@value #BIN_ENV} (set by {@code bin/test}),
 * else {@code tools/vcsim/bin/vcsim-launcher} of the checkout. When it is missing, tests fail under
 * {@code CI=true} and are skipped otherwise, with the command that builds it.
 */
public final class Vcsim implements AutoCloseable {

    public static final String BIN_PROPERTY = "vmledger.vcsim.bin";
    public static final String BIN_ENV = "VMLEDGER_VCSIM_BIN";
    private static final String URL_PREFIX = "VCSIM_URL=";

    private final Process process;
    private final Path dir;
    private final URI sdk;
    private final String username;
    private final String password;

    private Vcsim(Process process, Path dir, URI sdk, String username, String password) {
        this.process = process;
        this.dir = dir;
        this.sdk = sdk;
        this.username = username;
        this.password = password;
    }

    /** The launcher binary, or a failed (CI) / skipped (elsewhere) test when it is missing. */
    public static Path binary() {
        String configured = System.getProperty(BIN_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(BIN_ENV);
        }
        Path path = configured != null && !configured.isBlank() ? Path.of(configured) : defaultBinary();
        if (path != null && Files.isExecutable(path)) {
            return path;
        }
        String message = "vcsim launcher not found (" + (path == null ? "no checkout found" : path) + "); build it with "
                + "tools/vcsim/build.sh after: apt-get install -y golang-go golang-github-vmware-govmomi-dev "
                + "(or point -D" + BIN_PROPERTY + " / " + BIN_ENV + " at it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    /** tools/vcsim/bin/vcsim-launcher of the checkout around the working directory. */
    private static Path defaultBinary() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("tools/vcsim/bin/vcsim-launcher");
            if (Files.exists(p.resolve("tools/vcsim/main.go"))) {
                return candidate;
            }
        }
        return null;
    }

    /** Starts a launcher with the given flags (see tools/vcsim/main.go); waits until it serves. */
    public static Vcsim start(String... flags) {
        return start(180, flags);
    }

    public static Vcsim start(int timeoutSeconds, String... flags) {
        Path binary = binary();
        try {
            Path dir = Files.createTempDirectory("vmledger-vcsim-");
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.add("-dump");
            command.add(dir.resolve("model.tsv").toString());
            command.add("-cert-out");
            command.add(dir.resolve("cert.pem").toString());
            command.addAll(List.of(flags));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(dir.resolve("stderr.log").toFile());
            // The simulated datastores live in TMPDIR: keep them in our directory, removed on close.
            builder.environment().put("TMPDIR", dir.toString());
            Process process = builder.start();
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    for (String l; (l = out.readLine()) != null; ) {
                        if (l.startsWith(URL_PREFIX)) {
                            return l.substring(URL_PREFIX.length()).trim();
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String url;
            try {
                url = line.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                url = null;
            }
            if (url == null) {
                process.destroyForcibly();
                String log = Files.exists(dir.resolve("stderr.log")) ? Files.readString(dir.resolve("stderr.log")) : "";
                throw new IllegalStateException("vcsim launcher did not start: " + log);
            }
            URI withUser = URI.create(url);
            String[] user = withUser.getUserInfo().split(":", 2);
            URI sdk = new URI(withUser.getScheme(), null, withUser.getHost(), withUser.getPort(), withUser.getPath(), null, null);
            return new Vcsim(process, dir, sdk, user[0], user[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI sdk() {
        return sdk;
    }

    /** An endpoint that accepts the simulator's self-signed certificate. */
    public VcenterEndpoint endpoint(String name) {
        return new VcenterEndpoint(name, sdk.toString(), username, password, true, null, 30);
    }

    /** An endpoint that trusts the simulator's certificate through a truststore (the PEM the launcher wrote). */
    public VcenterEndpoint trustingEndpoint(String name) {
        return new VcenterEndpoint(name, sdk.toString(), username, password, false, certificate().toString(), 30);
    }

    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The VMs of the model as the launcher shaped them, read from its dump. */
    public List<ModelVm> model() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("model.tsv"), StandardCharsets.UTF_8);
            List<ModelVm> vms = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    vms.add(ModelVm.parse(line));
                }
            }
            return vms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the launcher (closing its standard input lets it remove its files) and deletes its directory. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    /** One VM of the launcher's dump: what vmledger must capture, computed by the simulator itself. */
    public record ModelVm(String vmId, String name, String uuid, String instanceUuid, int numCpu, int memoryMb,
                          Long createDate, boolean template, String powerState, String resourcePool,
                          String datacenter, String cluster, String folder, long committed, long uncommitted) {

        static ModelVm parse(String line) {
            String[] f = line.split("\t", -1);
            return new ModelVm(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                    f[6].isEmpty() ? null : Long.parseLong(f[6]), Boolean.parseBoolean(f[7]), f[8], emptyToNull(f[9]),
                    emptyToNull(f[10]), emptyToNull(f[11]), emptyToNull(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]));
        }

        private static String emptyToNull(String s) {
            return s.isEmpty() ? null : s;
        }
    }
}
