package io.vmledger.storage.jdbc;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;

import java.sql.SQLException;
import java.util.List;

import static io.vmledger.storage.jdbc.RowCodec.Column.bool;
import static io.vmledger.storage.jdbc.RowCodec.Column.integer;
import static io.vmledger.storage.jdbc.RowCodec.Column.real;
import static io.vmledger.storage.jdbc.RowCodec.Column.text;
import static io.vmledger.storage.jdbc.RowCodec.Repeats.FEW;
import static io.vmledger.storage.jdbc.RowCodec.Repeats.PER_VM;

/**
 * {@link VmSample}s as rows of {@code vm_hourly_stats} and {@code inventory_hourly_<T>}
 * ({@link CanonicalSchema#HOURLY_COLUMNS}). {@code "VmKey"} is written but not read: a sample derives it
 * from its identities.
 */
public final class HourlyRows implements RowCodec<VmSample> {
    public static final HourlyRows CODEC = new HourlyRows();

    private static final List<Column> COLUMNS = RowCodec.ofTable(List.of(
            integer(CanonicalSchema.SNAPSHOT_TIME),
            text(CanonicalSchema.VCENTER, FEW),
            text(CanonicalSchema.VM_KEY, PER_VM).derived(),
            text(CanonicalSchema.VM_ID, PER_VM),
            text(CanonicalSchema.VM_UUID, PER_VM),
            text(CanonicalSchema.NAME, PER_VM),
            integer(CanonicalSchema.CREATION_TIME),
            integer(CanonicalSchema.DELETION_TIME),
            text(CanonicalSchema.RESOURCE_POOL, FEW),
            text(CanonicalSchema.DATACENTER, FEW),
            text(CanonicalSchema.CLUSTER, FEW),
            text(CanonicalSchema.FOLDER, FEW),
            integer(CanonicalSchema.VCPU_COUNT),
            real(CanonicalSchema.RAM_GB),
            real(CanonicalSchema.PROVISIONED_DISK),
            text(CanonicalSchema.POWER_STATE, FEW),
            bool(CanonicalSchema.IS_TEMPLATE)), CanonicalSchema.HOURLY_COLUMNS);

    private HourlyRows() {
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public void write(VmSample s, ColumnSink out) throws SQLException {
        out.integer(s.snapshotTime());
        out.text(s.vcenter());
        out.text(s.key());
        out.text(s.vmId());
        out.text(s.vmUuid());
        out.text(s.name());
        out.nullableInteger(s.creationTime());
        out.nullableInteger(s.deletionTime());
        out.text(s.resourcePool());
        out.text(s.datacenter());
        out.text(s.cluster());
        out.text(s.folder());
        out.integer(s.vcpuCount());
        out.real(s.ramGb());
        out.real(s.provisionedDiskGb());
        out.text(s.powerState().wire());
        out.bool(s.template());
    }

    @Override
    public VmSample read(ColumnSource in) throws SQLException {
        long time = in.integer();
        String vcenter = in.text(FEW);
        String vmId = in.text(PER_VM);
        String vmUuid = in.text(PER_VM);
        String name = in.text(PER_VM);
        Long creation = in.nullableInteger();
        Long deletion = in.nullableInteger();
        String pool = in.text(FEW);
        String datacenter = in.text(FEW);
        String cluster = in.text(FEW);
        String folder = in.text(FEW);
        int vcpu = Math.toIntExact(in.integer());
        double ram = in.real();
        double disk = in.real();
        PowerState power = powerState(in.text(FEW));
        boolean template = in.bool();
        return new VmSample(time, vcenter, vmId, vmUuid, name, creation, deletion, pool, datacenter, cluster, folder,
                vcpu, ram, disk, power, template);
    }

    /** The stored spelling without allocating; {@link PowerState#fromWire} for anything else (and null for null). */
    public static PowerState powerState(String wire) {
        if (wire == null) {
            return null;
        }
        return switch (wire) {
            case "poweredOn" -> PowerState.POWERED_ON;
            case "poweredOff" -> PowerState.POWERED_OFF;
            case "suspended" -> PowerState.SUSPENDED;
            default -> PowerState.fromWire(wire);
        };
    }
}
