package io.vmledger.storage.jdbc;

import io.vmledger.storage.spi.PluginOption;
import io.vmledger.storage.spi.StorageProvider;

import java.util.List;
import java.util.Objects;

/**
 * The base of a plugin's entry point on the JDBC core: its name and the options it reads. The plugin's
 * {@code open} connects, migrates and returns a {@link JdbcStorage} over its {@link JdbcDatabase} and
 * {@link Dialect}.
 */
public abstract class JdbcStorageProvider implements StorageProvider {
    private final String name;
    private final List<PluginOption<?>> options;

    protected JdbcStorageProvider(String name, List<PluginOption<?>> options) {
        this.name = Objects.requireNonNull(name, "name");
        this.options = List.copyOf(options);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<PluginOption<?>> options() {
        return options;
    }
}
