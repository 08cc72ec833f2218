package io.vmledger.storage.spi;

import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds storage plugins on the class path and opens them. */
public final class StorageProviders {
    private static final System.Logger LOG = System.getLogger(StorageProviders.class.getName());

    private StorageProviders() {
    }

    /** Every plugin on the class path, by name. */
    public static Map<String, StorageProvider> available() {
        Map<String, StorageProvider> byName = new TreeMap<>();
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) {
            byName.put(p.name(), p);
        }
        return byName;
    }

    /** The plugin named {@code name}; an unknown name fails listing the available ones. */
    public static StorageProvider named(String name) {
        Map<String, StorageProvider> all = available();
        StorageProvider p = all.get(name);
        if (p == null) {
            List<String> names = new ArrayList<>(all.keySet());
            throw new SettingsException(Settings.Keys.STORAGE_PROVIDER, name,
                    "no such storage provider; available: " + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        return p;
    }

    /**
     * Opens the plugin {@code settings.storage.provider} names with its raw options (the keys under
     * {@code storage.<name>.}, without that prefix): checks them, logs them with secrets masked, opens.
     */
    public static Storage open(Settings settings, Map<String, String> rawOptions) {
        return open(settings, rawOptions, StorageContext.DEFAULT_ROLE);
    }

    /**
     * {@link #open(Settings, Map)} for a process that runs {@code role} (the command: {@code serve}, ...), which
     * names its instance ({@link InstanceStore}).
     */
    public static Storage open(Settings settings, Map<String, String> rawOptions, String role) {
        StorageProvider provider = named(settings.storage().provider());
        StorageContext context = StorageContext.of(provider, settings, rawOptions, role);
        long t0 = System.nanoTime();
        Storage storage = provider.open(context);
        LOG.log(System.Logger.Level.INFO, "storage {0} opened in {1} ms with {2}", provider.name(),
                (System.nanoTime() - t0) / 1_000_000, context.options());
        return storage;
    }
}
