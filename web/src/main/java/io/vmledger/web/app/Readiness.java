package io.vmledger.web.app;

import io.helidon.health.HealthCheckResponse;
import io.vmledger.api.FreeSpace;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.WaitLimit;
import io.vmledger.web.http.StoreOutage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The readiness checks of {@code /observe/health} (decision 0120): the store answers within the wait limit
 * of a request, and the filesystems the service writes to (the store's when it is made of local files,
 * the reports') have at least {@code settings.disk.min_free_mb} free.
 */
final class Readiness {

    private Readiness() {
    }

    /** UP when the store answers a small read within {@link StoreOutage#WAIT_LIMIT}; DOWN with the cause. */
    static HealthCheckResponse storage(Storage storage) {
        try {
            int vcenters = WaitLimit.within(StoreOutage.WAIT_LIMIT, () -> storage.hourly().vcenters().size());
            return HealthCheckResponse.builder().status(true)
                    .detail("provider", storage.providerName())
                    .detail("vcenters", vcenters)
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().status(false)
                    .detail("provider", storage.providerName())
                    .detail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }

    /** A filesystem the service writes to: what it holds, and a path on it. */
    private record Watched(String name, String what, Path path) {
    }

    /**
     * UP when every watched filesystem has at least {@code settings.disk.min_free_mb} free (0: always UP);
     * the details give each one's path and free space, and the first shortfall.
     */
    static HealthCheckResponse disk(Settings settings, Storage storage, FreeSpace probe) {
        long min = settings.disk().minFreeBytes();
        List<Watched> watched = new ArrayList<>();
        storage.directory().ifPresent(d -> watched.add(new Watched("store", "the store's", d)));
        watched.add(new Watched("reports", "the reports'", settings.reportsPath(storage.directory())));
        HealthCheckResponse.Builder b = HealthCheckResponse.builder()
                .detail("minFree", FreeSpace.format(min))
                .detail("minFreeBytes", min);
        String problem = null;
        for (Watched w : watched) {
            b.detail(w.name() + "Path", w.path().toString());
            try {
                long free = probe.usableBytes(w.path());
                b.detail(w.name() + "Free", FreeSpace.format(free)).detail(w.name() + "FreeBytes", free);
                if (free < min && problem == null) {
                    problem = w.what() + " filesystem has " + FreeSpace.format(free) + " free, below "
                            + Settings.Keys.DISK_MIN_FREE_MB + " (" + FreeSpace.format(min) + ")";
                }
            } catch (IOException | RuntimeException e) {
                if (problem == null) {
                    problem = "cannot measure the free space of " + w.what() + " filesystem (" + w.path() + "): "
                            + e.getMessage();
                }
            }
        }
        if (problem != null) {
            b.detail("error", problem);
        }
        return b.status(problem == null).build();
    }
}
