package io.vmledger.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The distribution as an operator gets it: the tarball built by {@code mvn package}, unpacked into an
 * empty directory and run with nothing but a Java runtime. The launcher sees a PATH holding only the
 * few shell tools it uses (no Maven, no javac, no git) and a JAVA_HOME that has {@code bin/java} alone.
 */
class TarballIT {
    private static final String VERSION = System.getProperty("vmledger.version");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** What bin/vmledger and bin/lib/java.sh call besides bash built-ins and java. */
    private static final List<String> SHELL_TOOLS = List.of("bash", "dirname", "awk");
    private static final Pattern SERVING = Pattern.compile("serving on http://localhost:(\\d+)/");

    @TempDir
    static Path root;
    private static Path home;
    private static Map<String, String> environment;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("vmledger.tarball"));
        assertTrue(Files.isRegularFile(tarball), "mvn package makes " + tarball);
        assertEquals("vmledger-" + VERSION + ".tar.gz", tarball.getFileName().toString());
        Path install = Files.createDirectory(root.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", install.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes()));
        home = install.resolve("vmledger-" + VERSION);

        // a Java runtime without a compiler: bin/java only
        Path jre = Files.createDirectories(root.resolve("jre/bin"));
        Files.createSymbolicLink(jre.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        // a PATH with the launcher's shell tools and nothing else
        Path tools = Files.createDirectory(root.resolve("tools"));
        for (String tool : SHELL_TOOLS) {
            Files.createSymbolicLink(tools.resolve(tool), which(tool));
        }
        environment = Map.of(
                "PATH", tools.toString(),
                "HOME", Files.createDirectory(root.resolve("home")).toString(),
                "JAVA_HOME", jre.getParent().toString(),
                "LANG", "C.UTF-8");
    }

    @Test
    void theTarballHoldsLauncherLibrariesConfigDocsAndServiceFilesButNoSources() throws IOException {
        assertTrue(Files.isExecutable(home.resolve("bin/vmledger")));
        for (String file : List.of("bin/lib/java.sh", "lib/vmledger-web-" + VERSION + ".jar", "config/vmledger.yaml",
                "docs/operations.md", "docs/api.md", "README.md", "systemd/vmledger.service", "Containerfile")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            assertTrue(jars.stream().allMatch(n -> n.endsWith(".jar")), jars.toString());
            assertTrue(jars.stream().anyMatch(n -> n.startsWith("helidon-webserver-")), jars.toString());
            assertTrue(jars.stream().anyMatch(n -> n.startsWith("vmledger-storage-postgres-")), jars.toString());
            assertFalse(jars.stream().anyMatch(n -> n.contains("benchmarks") || n.contains("junit")), jars.toString());
        }
        for (String absent : List.of("pom.xml", "web", "src", "bin/test", "bin/pg-ensure")) {
            assertFalse(Files.exists(home.resolve(absent)), absent + " must not be in the distribution");
        }
    }

    @Test
    void versionPrintsTheVersionTheBuildCommitAndTheRuntime() throws Exception {
        Run run = run(List.of("--version"));
        assertEquals(0, run.status(), run.output());
        String[] lines = run.output().split("\n");
        assertEquals("vmledger " + VERSION, lines[0], run.output());
        assertTrue(lines[1].matches("build commit [0-9a-f]{12} .*"), run.output());
        assertTrue(lines[2].startsWith("Java " + Runtime.version() + " "), run.output());
    }

    @Test
    void benchmarksAreNamedAsSourceOnly() throws Exception {
        Run run = run(List.of("benchmark-capture"));
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("run from a source checkout"), run.output());
    }

    @Test
    void theDemoServesTheApiAndStopsCleanlyOnSigterm() throws Exception {
        Path work = Files.createDirectory(root.resolve("work"));
        Path log = root.resolve("demo.log");
        Process demo = start(List.of("demo", "--days", "1", "--port", "0", "--data", work.resolve("data").toString(),
                "--config", home.resolve("config/vmledger.yaml").toString()), work, log);
        try {
            int port = awaitPort(demo, log);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> snapshots = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/snapshots?type=hourly")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, snapshots.statusCode(), snapshots.body());
            Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(snapshots.body());
            assertTrue(total.find(), snapshots.body());
            // one day of three simulated vCenters
            assertTrue(Integer.parseInt(total.group(1)) >= 72, snapshots.body());
            assertTrue(Files.isRegularFile(work.resolve("data/vmledger.db")), "the store is where --data says");
        } finally {
            demo.destroy(); // SIGTERM, as systemd and container engines stop a service
        }
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo stops within 60 s of SIGTERM");
        String output = Files.readString(log);
        // the JVM's status after a SIGTERM whose shutdown hooks completed (the unit lists it as success)
        assertEquals(143, demo.exitValue(), output);
        assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack trace:\n" + output);
        assertFalse(output.contains(" SEVERE ") || output.contains(" ERROR "), "no error logged:\n" + output);
    }

    @Test
    void theContainerFileAndTheSystemdUnitNameWhatTheTarballHolds() throws IOException {
        List<String> containerfile = Files.readAllLines(home.resolve("Containerfile"));
        String user = null;
        String workdir = null;
        String volume = null;
        for (String line : containerfile) {
            String[] words = line.strip().split("\\s+");
            switch (words[0]) {
                case "COPY" -> {
                    String source = words[words.length - 2];
                    assertTrue(Files.exists(home.resolve(source)), "Containerfile copies " + source + ", not in the tarball");
                }
                case "USER" -> user = words[1];
                case "WORKDIR" -> workdir = words[1];
                case "VOLUME" -> volume = words[1];
                default -> { }
            }
        }
        assertNotNull(user, "the image sets its user");
        assertFalse(user.equals("root") || user.startsWith("0"), "the image must not run as root: " + user);
        assertNotNull(volume, "the data directory is a volume");
        assertEquals(workdir, volume, "the working directory (where data/ lands) is the volume");
        assertTrue(String.join("\n", containerfile).contains("ENTRYPOINT [\"/opt/vmledger/bin/vmledger\"]"));

        String unit = Files.readString(home.resolve("systemd/vmledger.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=/opt/vmledger/(\\S+) serve --config (\\S+)$").matcher(unit);
        assertTrue(exec.find(), unit);
        assertTrue(Files.isExecutable(home.resolve(exec.group(1))), exec.group(1));
        assertTrue(unit.contains("\nUser=vmledger\n"), "the service runs as its own user");
        assertTrue(unit.contains("\nSuccessExitStatus=143\n"), "a stop by SIGTERM is a success");
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        // the unit as installed, with the tarball where the unit expects /opt/vmledger
        Path unit = root.resolve("vmledger.service");
        Files.writeString(unit, Files.readString(home.resolve("systemd/vmledger.service"))
                .replace("/opt/vmledger/", home + "/"));
        Process verify = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertEquals(0, verify.waitFor(), output);
        assertEquals("", output.strip(), "systemd-analyze verify finds nothing to say");
    }

    /** The links to files outside the temporary directory go first, so JUnit does not warn about them. */
    @AfterAll
    static void removeLinks() throws IOException {
        Files.deleteIfExists(root.resolve("jre/bin/java"));
        for (String tool : SHELL_TOOLS) {
            Files.deleteIfExists(root.resolve("tools").resolve(tool));
        }
    }

    private record Run(int status, String output) {
    }

    private Run run(List<String> args) throws Exception {
        Path log = Files.createTempFile(root, "run", ".log");
        Process p = start(args, root, log);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "bin/vmledger " + args + " ends");
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static Process start(List<String> args, Path dir, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/vmledger").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb.start();
    }

    private static int awaitPort(Process demo, Path log) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log);
            Matcher m = SERVING.matcher(output);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!demo.isAlive()) {
                fail("the demo ended with status " + demo.exitValue() + " before serving:\n" + output);
            }
            Thread.sleep(200);
        }
        fail("the demo did not start serving within " + START_TIMEOUT + ":\n" + Files.readString(log));
        return -1;
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on the PATH of the build");
    }
}
