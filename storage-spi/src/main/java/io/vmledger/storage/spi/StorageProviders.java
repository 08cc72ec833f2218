package io.vmledger.storage.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.Map;

import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;

/** Finds storage plugins on the class path. */
public final class StorageProviders {

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
}
