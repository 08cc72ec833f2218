package io.vmledger.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vmledger.api.VmSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of a daily or monthly summary row as the API shows them, in JSON and in CSV alike:
 * the quoted PascalCase names of the semantics page ({@code AvgVcpuCount}, {@code PoolGoldPct}...),
 * times in epoch seconds as stored. Daily rows lead with {@code Date} (the day's start). The UI's CSV
 * download writes the same CSV. JSON rows are the records {@link Row} and {@link DailyRow}, written by
 * Jackson; {@code SummaryColumnsTest} keeps their names and order equal to the CSV header.
 */
public final class SummaryColumns {

    private record Column(String name, Function<VmSummary, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("Vcenter", VmSummary::vcenter),
            new Column("VmId", VmSummary::vmId),
            new Column("VmUuid", VmSummary::vmUuid),
            new Column("Name", VmSummary::name),
            new Column("ResourcePool", VmSummary::resourcePool),
            new Column("Datacenter", VmSummary::datacenter),
            new Column("Cluster", VmSummary::cluster),
            new Column("Folder", VmSummary::folder),
            new Column("PowerState", s -> s.powerState() == null ? null : s.powerState().wire()),
            new Column("VcpuCount", VmSummary::vcpuCount),
            new Column("RamGB", VmSummary::ramGb),
            new Column("ProvisionedDisk", VmSummary::provisionedDisk),
            new Column("SamplesPresent", VmSummary::samplesPresent),
            new Column("TotalSamples", VmSummary::totalSamples),
            new Column("AvgIsPresent", VmSummary::avgIsPresent),
            new Column("AvgVcpuCount", VmSummary::avgVcpuCount),
            new Column("AvgRamGB", VmSummary::avgRamGb),
            new Column("AvgProvisionedDisk", VmSummary::avgProvisionedDisk),
            new Column("PoolTinPct", VmSummary::poolTinPct),
            new Column("PoolBronzePct", VmSummary::poolBronzePct),
            new Column("PoolSilverPct", VmSummary::poolSilverPct),
            new Column("PoolGoldPct", VmSummary::poolGoldPct),
            new Column("PoolOtherPct", VmSummary::poolOtherPct),
            new Column("FirstSample", VmSummary::firstSample),
            new Column("LastSample", VmSummary::lastSample),
            new Column("CreationTime", VmSummary::creationTime),
            new Column("DeletionTime", VmSummary::deletionTime));

    private static final Column DATE = new Column("Date", VmSummary::periodStart);

    /** A summary row in JSON; null cells are written too (as JSON null), so every row has every column. */
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
            @JsonProperty("PoolTinPct") double poolTinPct,
            @JsonProperty("PoolBronzePct") double poolBronzePct,
            @JsonProperty("PoolSilverPct") double poolSilverPct,
            @JsonProperty("PoolGoldPct") double poolGoldPct,
            @JsonProperty("PoolOtherPct") double poolOtherPct,
            @JsonProperty("FirstSample") long firstSample,
            @JsonProperty("LastSample") long lastSample,
            @JsonProperty("CreationTime") Long creationTime,
            @JsonProperty("DeletionTime") Long deletionTime) {
        static Row of(VmSummary s) {
            return new Row(s.vcenter(), s.vmId(), s.vmUuid(), s.name(), s.resourcePool(), s.datacenter(), s.cluster(),
                    s.folder(), s.powerState() == null ? null : s.powerState().wire(), s.vcpuCount(), s.ramGb(),
                    s.provisionedDisk(), s.samplesPresent(), s.totalSamples(), s.avgIsPresent(), s.avgVcpuCount(),
                    s.avgRamGb(), s.avgProvisionedDisk(), s.poolTinPct(), s.poolBronzePct(), s.poolSilverPct(),
                    s.poolGoldPct(), s.poolOtherPct(), s.firstSample(), s.lastSample(), s.creationTime(),
                    s.deletionTime());
        }
    }

    /** A daily summary row in JSON: the day's start, then the columns of {@link Row}. */
    @JsonPropertyOrder({"Date"})
    public record DailyRow(@JsonProperty("Date") long date, @JsonUnwrapped Row row) {
    }

    private final List<Column> columns;
    private final Function<VmSummary, Object> json;

    private SummaryColumns(List<Column> columns, Function<VmSummary, Object> json) {
        this.columns = columns;
        this.json = json;
    }

    public static SummaryColumns daily() {
        List<Column> c = new ArrayList<>(COLUMNS.size() + 1);
        c.add(DATE);
        c.addAll(COLUMNS);
        return new SummaryColumns(List.copyOf(c), s -> new DailyRow(s.periodStart(), Row.of(s)));
    }

    public static SummaryColumns monthly() {
        return new SummaryColumns(COLUMNS, Row::of);
    }

    /** A page of rows as the records Jackson writes. */
    PageView<Object> json(List<VmSummary> rows, long total, int limit, long offset) {
        return new PageView<>(rows.stream().map(json).toList(), total, limit, offset);
    }

    /** The column names, in order (the CSV header). */
    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** Header line and rows as CSV text. */
    public String csv(List<VmSummary> rows) {
        StringBuilder out = new StringBuilder(256 + rows.size() * 320);
        Csv.appendRow(out, names());
        for (VmSummary r : rows) {
            Csv.appendRow(out, cells(r));
        }
        return out.toString();
    }

    /** The cells of one row, in column order (times as epoch seconds, the power state in its wire form). */
    List<Object> cells(VmSummary row) {
        List<Object> cells = new ArrayList<>(columns.size());
        for (Column c : columns) {
            cells.add(c.value().apply(row));
        }
        return cells;
    }
}
