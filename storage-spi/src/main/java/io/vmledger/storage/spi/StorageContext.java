package io.vmledger.storage.spi;

import io.vmledger.api.settings.Settings;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plugin is opened with: the validated settings, and its own options, the keys under
 * {@code storage.<name>.} with that prefix removed (for example {@code url} for {@code storage.postgres.url}).
 */
public record StorageContext(Settings settings, Map<String, String> options) {

    public StorageContext {
        Objects.requireNonNull(settings, "settings");
        options = Map.copyOf(options);
    }

    public static StorageContext of(Settings settings) {
        return new StorageContext(settings, Map.of());
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).filter(v -> !v.isBlank());
    }
}
