package io.vmledger.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vmledger.api.VmSummary;
import io.vmledger.web.http.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The columns of a daily or monthly summary row as the API shows them, in JSON and in CSV alike:
 * the quoted PascalCase names of the semantics page ({@code AvgVcpuCount}, {@code PoolGoldPct}...),
 * times in epoch seconds as stored. Daily rows lead with {@code Date} (the day's start). The UI's CSV
 * download writes the same CSV.
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
    /** Writes null cells too, so every JSON row has every column, as every CSV line has. */
    private static final ObjectWriter WRITER = Json.mapper().copy()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .writer();

    private final List<Column> columns;

    private SummaryColumns(List<Column> columns) {
        this.columns = columns;
    }

    public static SummaryColumns daily() {
        List<Column> c = new ArrayList<>(COLUMNS.size() + 1);
        c.add(DATE);
        c.addAll(COLUMNS);
        return new SummaryColumns(List.copyOf(c));
    }

    public static SummaryColumns monthly() {
        return new SummaryColumns(COLUMNS);
    }

    /** One row as a JSON object; null cells are kept (as JSON null) so every row has every column. */
    Map<String, Object> json(VmSummary row) {
        Map<String, Object> m = new LinkedHashMap<>(columns.size() * 2);
        for (Column c : columns) {
            m.put(c.name(), c.value().apply(row));
        }
        return m;
    }

    /** A page of rows as JSON text. */
    static String write(Object page) {
        try {
            return WRITER.writeValueAsString(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a summary page", e);
        }
    }

    /** Header line and rows as CSV text. */
    public String csv(List<VmSummary> rows) {
        StringBuilder out = new StringBuilder(256 + rows.size() * 320);
        Csv.appendRow(out, columns.stream().map(Column::name).toList());
        List<Object> cells = new ArrayList<>(columns.size());
        for (VmSummary r : rows) {
            cells.clear();
            for (Column c : columns) {
                cells.add(c.value().apply(r));
            }
            Csv.appendRow(out, cells);
        }
        return out.toString();
    }
}
