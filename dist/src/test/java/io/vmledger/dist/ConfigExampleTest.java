package io.vmledger.dist;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.PluginOption;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.config.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The annotated {@code config/vmledger.yaml} of the distribution stays true to the bundled defaults
 * ({@code application.yaml}), to the README's settings table and to the option tables of the plugin and
 * vCenter guides: a setting added, renamed or given another default in one place fails here until the
 * others follow.
 */
class ConfigExampleTest {
    /** Maven runs tests in the module's directory; the project root is its parent. */
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final Path EXAMPLE = Path.of("src/config/vmledger.yaml").toAbsolutePath();
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([^`]+)`(?: / `[^`]+`)* \\| (.*?) \\|.*$");

    @Test
    void theExampleLoadsToExactlyTheDefaults() {
        Settings fromExample = SettingsLoader.load(EXAMPLE, Map.of()).settings();
        assertEquals(SettingsLoader.load(null, Map.of()).settings(), fromExample);
    }

    @Test
    void everyBundledDefaultIsSetInTheExampleToTheSameValue() throws IOException {
        Map<String, String> example = flatten(yaml(Files.readString(EXAMPLE)));
        Map<String, String> defaults = bundledDefaults();
        defaults.forEach((key, value) -> {
            assertTrue(example.containsKey(key), "config/vmledger.yaml lacks " + key + " (application.yaml: " + value + ")");
            assertEquals(value, example.get(key), "config/vmledger.yaml sets " + key + " to another value than application.yaml");
        });
        example.keySet().forEach(key -> assertTrue(defaults.containsKey(key),
                "config/vmledger.yaml sets " + key + ", which application.yaml does not have"));
    }

    @Test
    void everySettingIsInTheExampleAndInTheReadmeTableWithTheBundledDefault() throws IOException {
        Map<String, String> readme = table(PROJECT.resolve("README.md"), "| key | default | meaning |");
        String example = Files.readString(EXAMPLE);
        Map<String, String> defaults = bundledDefaults();
        for (String key : settingKeys()) {
            assertTrue(readme.containsKey(key), "README.md's settings table lacks " + key);
            assertTrue(mentions(example, key), "config/vmledger.yaml neither sets nor describes " + key);
            if (defaults.containsKey(key)) {
                assertEquals(defaults.get(key), readme.get(key).replace("`", ""),
                        "README.md's default of " + key + " differs from application.yaml");
            }
        }
        // beside the settings, the table may list options a storage plugin declares (storage.sqlite.path)
        Map<String, PluginOption<?>> pluginOptions = pluginOptions();
        TreeSet<String> listed = new TreeSet<>(readme.keySet());
        for (String key : readme.keySet()) {
            PluginOption<?> option = pluginOptions.get(key);
            if (option != null && !(option.defaultValue() instanceof Enum<?>)) {
                assertEquals(String.valueOf(option.defaultValue()), readme.get(key).replace("`", ""),
                        "README.md's default of " + key + " differs from the plugin's");
                listed.remove(key);
            }
        }
        assertEquals(new TreeSet<>(settingKeys()), listed,
                "README.md's settings table and Settings.Keys name different keys (besides the plugins' options)");
    }

    /** Every option the storage plugins on the class path declare, by full key. */
    private static Map<String, PluginOption<?>> pluginOptions() {
        Map<String, PluginOption<?>> all = new LinkedHashMap<>();
        StorageProviders.available().forEach((name, provider) -> provider.options()
                .forEach(o -> all.put("storage." + name + "." + o.name(), o)));
        assertTrue(all.containsKey("storage.sqlite.path"), all.keySet().toString());
        return all;
    }

    @Test
    void everyPostgresAndVcenterOptionIsDescribedInTheExample() throws IOException {
        String example = Files.readString(EXAMPLE);
        Map<String, String> postgres = table(PROJECT.resolve("docs/storage-postgres.md"), "| option | default | meaning |");
        Map<String, String> vcenter = table(PROJECT.resolve("docs/vcenter.md"), "| key | required | meaning |");
        assertTrue(postgres.size() >= 8 && vcenter.size() >= 5, postgres + " " + vcenter);
        for (String option : postgres.keySet()) {
            assertTrue(mentions(example, "storage.postgres." + option), "config/vmledger.yaml lacks storage.postgres." + option);
        }
        for (String key : vcenter.keySet()) {
            assertTrue(mentions(example, "vcenters." + key), "config/vmledger.yaml lacks the vcenters entry key " + key);
        }
    }

    /** Set ({@code key: value}), or described in a comment line ({@code # key: ...} or its name in the text). */
    private static boolean mentions(String example, String key) {
        String last = Pattern.quote(key.substring(key.lastIndexOf('.') + 1));
        return Pattern.compile("(?m)^\\s*(#\\s*)?(- )?" + last + ":").matcher(example).find()
                || Pattern.compile("(?m)^\\s*#.*\\b" + last + "\\b").matcher(example).find();
    }

    /** Every key constant of {@link Settings.Keys}. */
    private static List<String> settingKeys() {
        List<String> keys = Settings.Keys.all();
        assertTrue(keys.size() > 20, keys.toString());
        return keys;
    }

    private static Map<String, String> bundledDefaults() throws IOException {
        try (InputStream in = SettingsLoader.class.getResourceAsStream("/application.yaml")) {
            assertNotNull(in, "application.yaml on the class path");
            return flatten(yaml(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /**
     * The rows of the first Markdown table with this header, as first cell (the key in backticks; of
     * {@code `a` / `b` / `c`}, each of them) to second cell.
     */
    private static Map<String, String> table(Path file, String header) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = lines.indexOf(header);
        assertTrue(start >= 0, file.getFileName() + " has no table '" + header + "'");
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher m = TABLE_ROW.matcher(lines.get(i));
            assertTrue(m.matches(), file.getFileName() + ": unexpected row " + lines.get(i));
            Matcher names = Pattern.compile("`([^`]+)`").matcher(lines.get(i).substring(0, lines.get(i).indexOf(" | ", 2)));
            while (names.find()) {
                rows.put(names.group(1), m.group(2));
            }
        }
        return rows;
    }

    private static Map<String, Object> yaml(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    /** Leaf keys in dotted form; lists as Java's {@code [a, b]}, which the README table also uses. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> flatten(Map<String, Object> tree) {
        Map<String, String> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                flatten((Map<String, Object>) m).forEach((sub, value) -> out.put(k + "." + sub, value));
            } else {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }
}
