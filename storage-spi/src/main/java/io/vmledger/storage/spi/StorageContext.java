package io.vmledger.storage.spi;

import io.vmledger.api.ReportCalendar;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.RetrySettings;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What a plugin is opened with: its own checked options (the keys under {@code storage.<name>.}) and the
 * few service settings every store needs. A plugin never sees the rest of the settings (server, auth,
 * vCenter credentials).
 *
 * @param options   the plugin's options, checked against {@link StorageProvider#options()}
 * @param batchSize rows per batched write ({@code settings.capture_write_batch_size})
 * @param retry     how transient failures of the store are retried ({@code settings.retry})
 * @param timeZone  the report time zone ({@code settings.report_time_zone}): where days and months begin
 * @param role      what the opening process runs ({@code serve}, {@code capture-once}, ...): its instance's role
 *                  ({@link InstanceStore})
 */
public record StorageContext(PluginOptions options, int batchSize, RetrySettings retry, ZoneId timeZone, String role) {
    /** The role of an instance that did not say what it runs. */
    public static final String DEFAULT_ROLE = "vmledger";

    public StorageContext {
        Objects.requireNonNull(options, "options");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeZone, "timeZone");
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("an instance role is required");
        }
    }

    /** The context of {@code provider} for the service's settings and the plugin's raw options. */
    public static StorageContext of(StorageProvider provider, Settings settings, Map<String, String> rawOptions) {
        return of(provider, settings, rawOptions, DEFAULT_ROLE);
    }

    /** {@link #of(StorageProvider, Settings, Map)} for a process that runs {@code role}. */
    public static StorageContext of(StorageProvider provider, Settings settings, Map<String, String> rawOptions,
                                    String role) {
        return new StorageContext(PluginOptions.parse(provider.name(), provider.options(), rawOptions),
                settings.captureWriteBatchSize(), settings.retry(), settings.reportTimeZone(), role);
    }

    /** Days and months in the report time zone. */
    public ReportCalendar calendar() {
        return new ReportCalendar(timeZone);
    }
}
