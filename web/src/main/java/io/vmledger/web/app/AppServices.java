package io.vmledger.web.app;

import io.vmledger.aggregation.AggregationHandoff;
import io.vmledger.aggregation.ScheduledAggregation;
import io.vmledger.api.FreeSpace;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;
import io.vmledger.capture.CaptureFaults;
import io.vmledger.capture.InventorySource;
import io.vmledger.maintenance.IncompleteSnapshots;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.config.SettingsLoader;
import io.vmledger.web.schedule.CaptureRunner;

import java.time.Clock;
import java.util.Map;

/**
 * What a running vmledger is made of: its settings, the open storage, the inventory source, the
 * capture runner, scheduled aggregation and report generation (whose background worker starts here,
 * so a command's captures and aggregations queue their reports; closing lets the queued ones finish).
 * Built once by a command, closed when it ends. Opening the storage registers the command's instance and
 * closes the job runs that dead instances left running; {@link #open} then mends the incomplete snapshots
 * an earlier version left ({@link StartupRecovery}).
 */
public final class AppServices implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AppServices.class.getName());

    private final Settings settings;
    private final Storage storage;
    private final InventorySource source;
    private final CaptureRunner capture;
    private final ScheduledAggregation aggregation;
    private final ReportService reports;
    private final StartupRecovery recovery;
    private final FreeSpace freeSpace;

    private AppServices(Settings settings, Storage storage, InventorySource source, FreeSpace freeSpace,
                        CaptureFaults faults) {
        this.settings = settings;
        this.storage = storage;
        this.source = source;
        this.freeSpace = freeSpace;
        this.reports = ReportWiring.service(storage, settings);
        AggregationHandoff handoff = ReportWiring.aggregation(reports);
        this.recovery = new StartupRecovery(new IncompleteSnapshots(storage, settings, Clock.systemUTC(), handoff),
                storage.instances());
        this.capture = new CaptureRunner(settings, storage, source, ReportWiring.capture(reports),
                recovery::afterCapture, freeSpace, faults);
        this.aggregation = new ScheduledAggregation(storage, settings, Clock.systemUTC(), handoff);
        reports.start();
    }

    /**
     * Opens the configured storage plugin (applying migrations) and the inventory source for a process that
     * runs {@code role} (the command), then mends what a crash of an earlier version left; a store or source
     * that cannot be opened is a {@link StartupException} naming it and the cause.
     */
    public static AppServices open(SettingsLoader.Loaded loaded, String role) {
        return open(loaded.settings(), loaded.storageOptions(loaded.settings().storage().provider()), role);
    }

    /** {@link #open(SettingsLoader.Loaded, String)} with the storage options given (the demo places its store). */
    public static AppServices open(Settings settings, Map<String, String> storageOptions, String role) {
        return open(settings, storageOptions, role, CaptureFaults.NONE);
    }

    /** {@link #open(Settings, Map, String)} whose captures call {@code faults} at each boundary (crash tests). */
    public static AppServices open(Settings settings, Map<String, String> storageOptions, String role,
                                   CaptureFaults faults) {
        AppServices services = openServices(settings, storageOptions, role, faults);
        services.recovery.atStartUp();
        return services;
    }

    private static AppServices openServices(Settings settings, Map<String, String> storageOptions, String role,
                                            CaptureFaults faults) {
        Storage storage;
        try {
            storage = StorageProviders.open(settings, storageOptions, role);
        } catch (SettingsException e) {
            throw e;
        } catch (RuntimeException e) {
            // the plugin's message names its file or server
            throw new StartupException("cannot open the " + settings.storage().provider() + " store: "
                    + StartupException.describe(e), e);
        }
        try {
            return new AppServices(settings, storage, InventorySources.create(settings), FreeSpace.SYSTEM, faults);
        } catch (RuntimeException e) {
            storage.close();
            if (e instanceof SettingsException) {
                throw e;
            }
            throw new StartupException("cannot set up the inventory source: " + StartupException.describe(e), e);
        }
    }

    /** For tests: services over an already open storage and a given source. */
    public static AppServices of(Settings settings, Storage storage, InventorySource source) {
        return of(settings, storage, source, FreeSpace.SYSTEM);
    }

    /** For tests: {@link #of(Settings, Storage, InventorySource)} measuring free space with {@code freeSpace}. */
    public static AppServices of(Settings settings, Storage storage, InventorySource source, FreeSpace freeSpace) {
        return new AppServices(settings, storage, source, freeSpace, CaptureFaults.NONE);
    }

    public Settings settings() {
        return settings;
    }

    public Storage storage() {
        return storage;
    }

    public InventorySource source() {
        return source;
    }

    public CaptureRunner capture() {
        return capture;
    }

    /** Daily and monthly aggregation as scheduled: after each capture, and catching up at start-up. */
    public ScheduledAggregation aggregation() {
        return aggregation;
    }

    /** How the free space of the store's and the reports' filesystems is measured (readiness, captures). */
    public FreeSpace freeSpace() {
        return freeSpace;
    }

    /** XLSX reports: hand-offs, the background queue, files, regeneration. */
    public ReportService reports() {
        return reports;
    }

    @Override
    public void close() {
        capture.close();
        reports.close();
        try {
            source.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the inventory source failed: " + e.getMessage());
        }
        storage.close();
    }
}
