package io.vmledger.storage.spi;

import java.util.List;

/**
 * Entry point of a storage plugin, found with {@link java.util.ServiceLoader} and chosen by the
 * {@code storage.provider} setting. A plugin registers its implementation in
 * {@code META-INF/services/io.vmledger.storage.spi.StorageProvider}.
 */
public interface StorageProvider {

    /** The name {@code storage.provider} selects this plugin by, e.g. {@code sqlite}. */
    String name();

    /**
     * Every option the plugin reads under {@code storage.<name>.}; any other key there is refused before
     * the plugin is opened. Mark passwords and other credentials {@link PluginOption#secret()}.
     */
    List<PluginOption<?>> options();

    /**
     * Opens the store: connects, applies pending schema migrations and returns a ready storage.
     *
     * @throws StorageException when the store cannot be opened or migrated
     * @throws io.vmledger.api.settings.SettingsException when the options cannot work together
     */
    Storage open(StorageContext context);
}
