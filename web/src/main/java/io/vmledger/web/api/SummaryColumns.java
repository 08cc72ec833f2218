package io.vmledger.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vmledger.api.ChargeBasis;
import io.vmledger.api.Chargeable;
import io.vmledger.api.Granularity;
import io.vmledger.api.VmSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of a daily or monthly summary row as the API shows them, in JSON and in CSV alike:
 * the quoted PascalCase names of the semantics page ({@code AvgVcpuCount}, {@code PoolGoldPct}...),
 * times in epoch seconds as stored. Daily rows lead with {@code Date} (the day's start). After the averages
 * come the chargeable amounts {@code VcpuDays}, {@code RamGBDays} and {@code DiskGBDays} as the XLSX reports
 * and the UI show them ({@link ChargeBasis}), monthly rows with their {@code DaysCaptured} first. The UI's
 * CSV download writes the same CSV. JSON rows are the records {@link Row} and {@link DailyRow}, written by
 * Jackson; {@code SummaryColumnsTest} keeps their names and order equal to the CSV header.
 */
public final class SummaryColumns {

    private record Column(String name, Function<Row, Object> value) {
    }

    private static final Column DAYS_CAPTURED = new Column("DaysCaptured", Row::daysCaptured);

    /** The columns, {@code DaysCaptured} included (monthly rows). */
    private static final List<Column> COLUMNS = List.of(
            new Column("Vcenter", Row::vcenter),
            new Column("VmId", Row::vmId),
            new Column("VmUuid", Row::vmUuid),
            new Column("Name", Row::name),
            new Column("ResourcePool", Row::resourcePool),
            new Column("Datacenter", Row::datacenter),
            new Column("Cluster", Row::cluster),
            new Column("Folder", Row::folder),
            new Column("PowerState", Row::powerState),
            new Column("VcpuCount", Row::vcpuCount),
            new Column("RamGB", Row::ramGb),
            new Column("ProvisionedDisk", Row::provisionedDisk),
            new Column("SamplesPresent", Row::samplesPresent),
            new Column("TotalSamples", Row::totalSamples),
            new Column("AvgIsPresent", Row::avgIsPresent),
            new Column("AvgVcpuCount", Row::avgVcpuCount),
            new Column("AvgRamGB", Row::avgRamGb),
            new Column("AvgProvisionedDisk", Row::avgProvisionedDisk),
            DAYS_CAPTURED,
            new Column("VcpuDays", Row::vcpuDays),
            new Column("RamGBDays", Row::ramGbDays),
            new Column("DiskGBDays", Row::diskGbDays),
            new Column("PoolTinPct", Row::poolTinPct),
            new Column("PoolBronzePct", Row::poolBronzePct),
            new Column("PoolSilverPct", Row::poolSilverPct),
            new Column("PoolGoldPct", Row::poolGoldPct),
            new Column("PoolOtherPct", Row::poolOtherPct),
            new Column("FirstSample", Row::firstSample),
            new Column("LastSample", Row::lastSample),
            new Column("CreationTime", Row::creationTime),
            new Column("DeletionTime", Row::deletionTime));

    /**
     * A summary row in JSON; null cells are written too (as JSON null), so every row has every column, but
     * {@code DaysCaptured}, which only monthly rows have.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Row(
            @JsonProperty("Vcenter") String vcenter,
            @JsonProperty("VmId") String vmId,
            @JsonProperty("VmUuid") String vmUuid,
            @JsonProperty("Name") String name,
            @JsonProperty("ResourcePool") String resourcePool,
            @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("Cluster") String cluster,
            @JsonProperty("Folder") String folder,
            @JsonProperty("PowerState") String powerState,
            @JsonProperty("VcpuCount") int vcpuCount,
            @JsonProperty("RamGB") double ramGb,
            @JsonProperty("ProvisionedDisk") double provisionedDisk,
            @JsonProperty("SamplesPresent") long samplesPresent,
            @JsonProperty("TotalSamples") long totalSamples,
            @JsonProperty("AvgIsPresent") double avgIsPresent,
            @JsonProperty("AvgVcpuCount") double avgVcpuCount,
            @JsonProperty("AvgRamGB") double avgRamGb,
            @JsonProperty("AvgProvisionedDisk") double avgProvisionedDisk,
            @JsonProperty("DaysCaptured") @JsonInclude(JsonInclude.Include.NON_NULL) Integer daysCaptured,
            @JsonProperty("VcpuDays") double vcpuDays,
            @JsonProperty("RamGBDays") double ramGbDays,
            @JsonProperty("DiskGBDays") double diskGbDays,
            @JsonProperty("PoolTinPct") double poolTinPct,
            @JsonProperty("PoolBronzePct") double poolBronzePct,
            @JsonProperty("PoolSilverPct") double poolSilverPct,
            @JsonProperty("PoolGoldPct") double poolGoldPct,
            @JsonProperty("PoolOtherPct") double poolOtherPct,
            @JsonProperty("FirstSample") long firstSample,
            @JsonProperty("LastSample") long lastSample,
            @JsonProperty("CreationTime") Long creationTime,
            @JsonProperty("DeletionTime") Long deletionTime) {
        static Row of(VmSummary s, ChargeBasis basis) {
            Chargeable c = basis.of(s);
            Integer days = basis.period() == Granularity.MONTHLY ? basis.daysCaptured(s.vcenter()) : null;
            return new Row(s.vcenter(), s.vmId(), s.vmUuid(), s.name(), s.resourcePool(), s.datacenter(), s.cluster(),
                    s.folder(), s.powerState() == null ? null : s.powerState().wire(), s.vcpuCount(), s.ramGb(),
                    s.provisionedDisk(), s.samplesPresent(), s.totalSamples(), s.avgIsPresent(), s.avgVcpuCount(),
                    s.avgRamGb(), s.avgProvisionedDisk(), days, c.vcpuDays(), c.ramGbDays(), c.diskGbDays(),
                    s.poolTinPct(), s.poolBronzePct(), s.poolSilverPct(), s.poolGoldPct(), s.poolOtherPct(),
                    s.firstSample(), s.lastSample(), s.creationTime(), s.deletionTime());
        }
    }

    /** A daily summary row in JSON: the day's start, then the columns of {@link Row}. */
    @JsonPropertyOrder({"Date"})
    public record DailyRow(@JsonProperty("Date") long date, @JsonUnwrapped Row row) {
    }

    private final List<String> names;
    private final List<Column> columns;
    private final boolean daily;

    private SummaryColumns(boolean daily) {
        this.daily = daily;
        List<Column> c = new ArrayList<>(COLUMNS.size());
        List<String> n = new ArrayList<>(COLUMNS.size() + 1);
        if (daily) {
            n.add("Date");
        }
        for (Column column : COLUMNS) {
            if (!(daily && column == DAYS_CAPTURED)) {
                c.add(column);
                n.add(column.name());
            }
        }
        this.columns = List.copyOf(c);
        this.names = List.copyOf(n);
    }

    public static SummaryColumns daily() {
        return new SummaryColumns(true);
    }

    public static SummaryColumns monthly() {
        return new SummaryColumns(false);
    }

    /** A page of rows as the records Jackson writes, their chargeable amounts on {@code basis}. */
    PageView<Object> json(List<VmSummary> rows, ChargeBasis basis, long total, int limit, long offset) {
        List<Object> items = new ArrayList<>(rows.size());
        for (VmSummary s : rows) {
            Row row = Row.of(s, basis);
            items.add(daily ? new DailyRow(s.periodStart(), row) : row);
        }
        return new PageView<>(items, total, limit, offset);
    }

    /** The column names, in order (the CSV header). */
    List<String> names() {
        return names;
    }

    /** Header line and rows as CSV text, their chargeable amounts on {@code basis}. */
    public String csv(List<VmSummary> rows, ChargeBasis basis) {
        StringBuilder out = new StringBuilder(256 + rows.size() * 360);
        Csv.appendRow(out, names);
        for (VmSummary s : rows) {
            Csv.appendRow(out, cells(s, basis));
        }
        return out.toString();
    }

    /**
     * The cells of one row, in column order (the day's start first in daily rows, times as epoch seconds, the
     * power state in its wire form), its chargeable amounts on {@code basis}.
     */
    List<Object> cells(VmSummary s, ChargeBasis basis) {
        Row row = Row.of(s, basis);
        List<Object> cells = new ArrayList<>(names.size());
        if (daily) {
            cells.add(s.periodStart());
        }
        for (Column c : columns) {
            cells.add(c.value().apply(row));
        }
        return cells;
    }
}
