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
 */
public record StorageContext(PluginOptions options, int batchSize, RetrySettings retry, ZoneId timeZone) {

    public StorageContext {
        Objects.requireNonNull(options, "options");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeZone, "timeZone");
    }

    /** The context of {@code provider} for the service's settings and the plugin's raw options. */
    public static StorageContext of(StorageProvider provider, Settings settings, Map<String, String> rawOptions) {
        return new StorageContext(PluginOptions.parse(provider.name(), provider.options(), rawOptions),
                settings.captureWriteBatchSize(), settings.retry(), settings.reportTimeZone());
    }

    /** Days and months in the report time zone. */
    public ReportCalendar calendar() {
        return new ReportCalendar(timeZone);
    }
}
