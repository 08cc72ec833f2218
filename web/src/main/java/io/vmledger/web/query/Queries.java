package io.vmledger.web.query;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;

import java.util.List;
import java.util.function.Supplier;

/** The read services over one store, built once and handed to the API and the UI. */
public record Queries(SummaryService summaries, VcenterService vcenters, TraceService traces) {

    /**
     * @param configured the configured vCenters (those of the inventory source), in configuration order
     */
    public static Queries of(Storage storage, Settings settings, Supplier<List<String>> configured) {
        return new Queries(
                new SummaryService(storage, settings.calendar()),
                new VcenterService(storage.hourly(), storage.totals(), storage.jobs(), configured),
                new TraceService(storage.lifecycle(), storage.hourly()));
    }
}
