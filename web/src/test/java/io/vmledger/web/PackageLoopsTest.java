package io.vmledger.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages of {@code web} import each other without loops: the wiring ({@code app}) and the command
 * line sit on top, routes and schedules get what they use handed to them and never reach back up.
 */
class PackageLoopsTest {
    private static final Path SOURCES = Path.of("src/main/java/io/vmledger/web");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package io\\.vmledger\\.web((?:\\.[a-z]+)*);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.vmledger\\.web((?:\\.[a-z]+)*)\\.[A-Z]");

    @Test
    void noPackageOfWebReachesItselfThroughItsImports() throws IOException {
        Map<String, Set<String>> imports = imports();
        assertTrue(imports.size() >= 8, imports.keySet().toString());
        List<String> loops = new ArrayList<>();
        for (String start : imports.keySet()) {
            // every package reachable from start's imports; a loop when start is among them
            Deque<String> todo = new ArrayDeque<>(imports.get(start));
            Set<String> seen = new TreeSet<>();
            while (!todo.isEmpty()) {
                String p = todo.pop();
                if (seen.add(p)) {
                    todo.addAll(imports.getOrDefault(p, Set.of()));
                }
            }
            if (seen.contains(start)) {
                loops.add(start);
            }
        }
        assertEquals(List.of(), loops, "packages on an import loop; imports: " + imports);
    }

    @Test
    void routesAndSchedulesDoNotImportTheWiring() throws IOException {
        Map<String, Set<String>> imports = imports();
        for (String p : List.of("api", "api.ops", "ui", "schedule", "query")) {
            assertTrue(!imports.getOrDefault(p, Set.of()).contains("app"), p + " imports app: " + imports.get(p));
        }
    }

    /** Package (relative to io.vmledger.web, "" for the root) to the other web packages its files import. */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher pkg = PACKAGE.matcher(text);
                assertTrue(pkg.find(), f.toString());
                String self = strip(pkg.group(1));
                Set<String> to = out.computeIfAbsent(self, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    String other = strip(m.group(1));
                    if (!other.equals(self)) {
                        to.add(other);
                    }
                }
            }
        }
        return out;
    }

    private static String strip(String dotted) {
        return dotted.startsWith(".") ? dotted.substring(1) : dotted;
    }
}
