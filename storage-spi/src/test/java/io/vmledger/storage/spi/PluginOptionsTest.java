package io.vmledger.storage.spi;

import io.vmledger.api.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reader of plugin options: typed values, unknown keys refused, secrets never shown. */
class PluginOptionsTest {
    enum Mode { FAST, SAFE }

    static final PluginOption<String> URL = PluginOption.text("url", null, "where").shownAs(PluginOption::withoutQuery);
    static final PluginOption<String> PASSWORD = PluginOption.text("password", null, "secret").secret();
    static final PluginOption<Integer> THREADS = PluginOption.integer("threads", 2, 1, 8, "threads");
    static final PluginOption<Mode> MODE = PluginOption.choice("mode", Mode.class, Mode.SAFE, "mode");
    static final List<PluginOption<?>> ALL = List.of(URL, PASSWORD, THREADS, MODE);

    @Test
    void givenValuesAreParsedAndTheOthersDefault() {
        PluginOptions o = PluginOptions.parse("demo", ALL, Map.of("threads", " 4 ", "mode", "FAST", "url", "db://h"));
        assertEquals(4, o.get(THREADS));
        assertEquals(Mode.FAST, o.get(MODE));
        assertEquals("db://h", o.get(URL));
        assertTrue(o.find(PASSWORD).isEmpty());
        assertTrue(o.isSet(THREADS));
        PluginOptions d = PluginOptions.defaults("demo", ALL);
        assertEquals(2, d.get(THREADS));
        assertEquals(Mode.SAFE, d.get(MODE));
        assertFalse(d.isSet(THREADS));
        assertEquals("storage.demo.threads", d.key(THREADS));
        // a blank value counts as not given
        assertEquals(2, PluginOptions.parse("demo", ALL, Map.of("threads", "  ")).get(THREADS));
    }

    @Test
    void anUnknownKeyFailsNamingItAndEveryAllowedKey() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> PluginOptions.parse("demo", ALL, Map.of("thread", "3")));
        assertEquals("storage.demo.thread", e.key());
        assertEquals("Invalid setting storage.demo.thread = '(not shown)': unknown option; allowed: storage.demo.url, "
                + "storage.demo.password, storage.demo.threads, storage.demo.mode", e.getMessage());
    }

    @Test
    void aBadValueFailsNamingTheKeyAndWhatIsAllowed() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> PluginOptions.parse("demo", ALL, Map.of("threads", "9")));
        assertEquals("Invalid setting storage.demo.threads = '9': expected an integer from 1 to 8", e.getMessage());
        e = assertThrows(SettingsException.class, () -> PluginOptions.parse("demo", ALL, Map.of("threads", "two")));
        assertEquals("storage.demo.threads", e.key());
        e = assertThrows(SettingsException.class, () -> PluginOptions.parse("demo", ALL, Map.of("mode", "quick")));
        assertEquals("Invalid setting storage.demo.mode = 'quick': expected one of fast, safe", e.getMessage());
    }

    @Test
    void secretsAreMaskedInTheTextOfTheOptionsAndInErrors() {
        PluginOptions o = PluginOptions.parse("demo", ALL, Map.of("password", "hunter2",
                "url", "db://host/db?user=u&password=other-secret", "threads", "3"));
        String text = o.toString();
        assertEquals("storage.demo.{password=****, threads=3, url=db://host/db?****}", text);
        assertEquals("hunter2", o.get(PASSWORD), "the plugin reads the real value");
        SettingsException e = assertThrows(SettingsException.class, () -> {
            throw o.invalid(PASSWORD, "give only one of the password options");
        });
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(PASSWORD.isSecret());
        assertFalse(URL.isSecret());
    }

    @Test
    void anOptionOfAnotherListIsAProgrammingError() {
        PluginOptions o = PluginOptions.defaults("demo", List.of(THREADS));
        assertThrows(IllegalArgumentException.class, () -> o.get(MODE));
        assertThrows(IllegalArgumentException.class, () -> PluginOptions.defaults("demo", List.of(THREADS, THREADS)));
        assertThrows(IllegalArgumentException.class, () -> PluginOption.integer("n", 0, 1, 2, "out of range"));
    }
}
