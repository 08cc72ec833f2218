package io.vmledger.capture;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.Storage;

import java.util.List;
import java.util.Objects;

/**
 * What makes a stored snapshot {@code (V, T)} known, after its rows: the capture pipeline's {@code register}
 * and {@code compat} stages, and what repair redoes for every stored snapshot.
 * <ul>
 *   <li>{@code vcenter_totals} (and {@code vcenter_latest_totals} when it is the newest) from the rows;</li>
 *   <li>the hour's {@code vcenter_aggregate_totals} row (hours of the report time zone), from every snapshot
 *       total of that hour;</li>
 *   <li>the {@code snapshot_registry} record, naming the compatibility table once it is written;</li>
 *   <li>{@code inventory_hourly_<T>}, in compatibility mode.</li>
 * </ul>
 */
public final class SnapshotRegistration {
    private static final long HOUR = 3600;

    private final Storage storage;
    private final ReportCalendar calendar;

    public SnapshotRegistration(Storage storage, ReportCalendar calendar) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /**
     * Writes the snapshot's totals, its hour's aggregate totals and its registry record.
     *
     * @param rows      the snapshot's rows (templates included: totals leave them out)
     * @param written   rows stored, the record's row count
     * @param tableName the compatibility table the record names, or null
     * @return the registry record
     */
    public SnapshotRecord register(String vcenter, long snapshotTime, List<VmSample> rows, long written,
                                   String tableName) {
        VcenterTotals totals = VcenterTotals.of(vcenter, snapshotTime, rows);
        storage.totals().putSnapshotTotals(totals);
        long hourStart = calendar.hourStart(snapshotTime);
        List<VcenterTotals> hour = storage.totals().series(vcenter, new TimeWindow(hourStart, hourStart + HOUR));
        storage.totals().putAggregates(List.of(AggregateTotals.of(vcenter, Granularity.HOURLY, hourStart,
                hour.isEmpty() ? List.of(totals) : hour)));
        SnapshotRecord record = new SnapshotRecord(Granularity.HOURLY, snapshotTime, vcenter, written, tableName);
        storage.registry().register(record);
        return record;
    }

    /** Writes {@code inventory_hourly_<T>} for the snapshot of {@code record}; returns the record naming it. */
    public SnapshotRecord writeCompatibilityTable(SnapshotRecord record, List<VmSample> rows) {
        storage.compatibility().writeHourly(record.snapshotTime(), record.vcenter(), rows);
        SnapshotRecord named = new SnapshotRecord(record.type(), record.snapshotTime(), record.vcenter(),
                record.rowCount(), storage.compatibility().hourlyTableName(record.snapshotTime()));
        storage.registry().register(named);
        return named;
    }
}
