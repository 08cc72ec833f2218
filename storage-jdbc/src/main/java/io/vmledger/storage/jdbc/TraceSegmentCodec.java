package io.vmledger.storage.jdbc;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of a {@code vm_trace_segments} row: one VM's hourly rows of one day, by time. A VM's rows of a day
 * are nearly all alike, so each row after the first stores its time as a step from the previous one and only
 * the columns that changed (a bit mask says which). Every value round-trips exactly: NULLs, any text, the bits
 * of every double. The vCenter is the segment's key and is not stored.
 *
 * <p>Layout: a version byte ({@value #VERSION}), the row count, then per row the time (absolute for the first,
 * the step after) as unsigned varints, the change mask as a varint, and the changed columns in {@link Field}
 * order: text as a varint of {@code length + 1} (0 for NULL) and UTF-8 bytes, a nullable integer as a flag byte
 * and a zig-zag varint, the vCPU count as a zig-zag varint, doubles as 8 bytes of their raw bits, the power
 * state as its ordinal and the template flag as a byte.
 */
public final class TraceSegmentCodec {
    static final int VERSION = 1;

    /** The stored columns, each one bit of the change mask. */
    private enum Field { VM_ID, VM_UUID, NAME, CREATION, DELETION, POOL, DATACENTER, CLUSTER, FOLDER, VCPU, RAM,
        DISK, POWER, TEMPLATE }

    private static final int ALL = (1 << Field.values().length) - 1;
    private static final PowerState[] POWER = PowerState.values();

    private TraceSegmentCodec() {
    }

    /** The bytes of {@code rows}: one VM's, ordered by time. */
    public static byte[] encode(List<VmSample> rows) {
        Out out = new Out(32 + rows.size() * 12);
        out.write(VERSION);
        out.varint(rows.size());
        VmSample prev = null;
        for (VmSample r : rows) {
            if (prev != null && r.snapshotTime() <= prev.snapshotTime()) {
                throw new IllegalArgumentException("rows must be ordered by time: " + r.snapshotTime() + " after "
                        + prev.snapshotTime());
            }
            out.varint(prev == null ? r.snapshotTime() : r.snapshotTime() - prev.snapshotTime());
            int mask = prev == null ? ALL : changes(prev, r);
            out.varint(mask);
            if (has(mask, Field.VM_ID)) out.text(r.vmId());
            if (has(mask, Field.VM_UUID)) out.text(r.vmUuid());
            if (has(mask, Field.NAME)) out.text(r.name());
            if (has(mask, Field.CREATION)) out.nullableLong(r.creationTime());
            if (has(mask, Field.DELETION)) out.nullableLong(r.deletionTime());
            if (has(mask, Field.POOL)) out.text(r.resourcePool());
            if (has(mask, Field.DATACENTER)) out.text(r.datacenter());
            if (has(mask, Field.CLUSTER)) out.text(r.cluster());
            if (has(mask, Field.FOLDER)) out.text(r.folder());
            if (has(mask, Field.VCPU)) out.varint(zigzag(r.vcpuCount()));
            if (has(mask, Field.RAM)) out.fixed64(Double.doubleToRawLongBits(r.ramGb()));
            if (has(mask, Field.DISK)) out.fixed64(Double.doubleToRawLongBits(r.provisionedDiskGb()));
            if (has(mask, Field.POWER)) out.write(r.powerState().ordinal());
            if (has(mask, Field.TEMPLATE)) out.write(r.template() ? 1 : 0);
            prev = r;
        }
        return out.bytes();
    }

    /** The rows of a segment of {@code vcenter}, by time. */
    public static List<VmSample> decode(String vcenter, byte[] bytes) {
        In in = new In(bytes);
        int version = in.read();
        if (version != VERSION) {
            throw new IllegalStateException("trace segment of version " + version + ", expected " + VERSION);
        }
        int n = (int) in.varint();
        List<VmSample> rows = new ArrayList<>(n);
        long time = 0;
        String vmId = null, vmUuid = null, name = null, pool = null, datacenter = null, cluster = null, folder = null;
        Long creation = null, deletion = null;
        int vcpu = 0;
        double ram = 0, disk = 0;
        PowerState power = null;
        boolean template = false;
        for (int i = 0; i < n; i++) {
            time += in.varint();
            int mask = (int) in.varint();
            if (has(mask, Field.VM_ID)) vmId = in.text();
            if (has(mask, Field.VM_UUID)) vmUuid = in.text();
            if (has(mask, Field.NAME)) name = in.text();
            if (has(mask, Field.CREATION)) creation = in.nullableLong();
            if (has(mask, Field.DELETION)) deletion = in.nullableLong();
            if (has(mask, Field.POOL)) pool = in.text();
            if (has(mask, Field.DATACENTER)) datacenter = in.text();
            if (has(mask, Field.CLUSTER)) cluster = in.text();
            if (has(mask, Field.FOLDER)) folder = in.text();
            if (has(mask, Field.VCPU)) vcpu = unzigzag(in.varint());
            if (has(mask, Field.RAM)) ram = Double.longBitsToDouble(in.fixed64());
            if (has(mask, Field.DISK)) disk = Double.longBitsToDouble(in.fixed64());
            if (has(mask, Field.POWER)) power = POWER[in.read()];
            if (has(mask, Field.TEMPLATE)) template = in.read() != 0;
            rows.add(new VmSample(time, vcenter, vmId, vmUuid, name, creation, deletion, pool, datacenter, cluster,
                    folder, vcpu, ram, disk, power, template));
        }
        if (!in.done()) {
            throw new IllegalStateException("trace segment has " + in.remaining() + " bytes after its " + n + " rows");
        }
        return rows;
    }

    private static int changes(VmSample a, VmSample b) {
        int m = 0;
        m |= bit(!Objects.equals(a.vmId(), b.vmId()), Field.VM_ID);
        m |= bit(!Objects.equals(a.vmUuid(), b.vmUuid()), Field.VM_UUID);
        m |= bit(!Objects.equals(a.name(), b.name()), Field.NAME);
        m |= bit(!Objects.equals(a.creationTime(), b.creationTime()), Field.CREATION);
        m |= bit(!Objects.equals(a.deletionTime(), b.deletionTime()), Field.DELETION);
        m |= bit(!Objects.equals(a.resourcePool(), b.resourcePool()), Field.POOL);
        m |= bit(!Objects.equals(a.datacenter(), b.datacenter()), Field.DATACENTER);
        m |= bit(!Objects.equals(a.cluster(), b.cluster()), Field.CLUSTER);
        m |= bit(!Objects.equals(a.folder(), b.folder()), Field.FOLDER);
        m |= bit(a.vcpuCount() != b.vcpuCount(), Field.VCPU);
        // bits, not ==: -0.0 and NaN must round-trip as they were stored
        m |= bit(Double.doubleToRawLongBits(a.ramGb()) != Double.doubleToRawLongBits(b.ramGb()), Field.RAM);
        m |= bit(Double.doubleToRawLongBits(a.provisionedDiskGb()) != Double.doubleToRawLongBits(b.provisionedDiskGb()),
                Field.DISK);
        m |= bit(a.powerState() != b.powerState(), Field.POWER);
        m |= bit(a.template() != b.template(), Field.TEMPLATE);
        return m;
    }

    private static int bit(boolean set, Field f) {
        return set ? 1 << f.ordinal() : 0;
    }

    private static boolean has(int mask, Field f) {
        return (mask & (1 << f.ordinal())) != 0;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static int unzigzag(long v) {
        return (int) ((v >>> 1) ^ -(v & 1));
    }

    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void fixed64(long v) {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)) & 0xFF);
            }
        }

        void text(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1L);
            write(b, 0, b.length);
        }

        void nullableLong(Long v) {
            if (v == null) {
                write(0);
            } else {
                write(1);
                varint(zigzag(v));
            }
        }

        byte[] bytes() {
            return toByteArray();
        }
    }

    private static final class In {
        private final byte[] b;
        private int pos;

        In(byte[] b) {
            this.b = b;
        }

        int read() {
            if (pos >= b.length) {
                throw new IllegalStateException("trace segment ends early at byte " + pos);
            }
            return b[pos++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = read();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("trace segment has a malformed number at byte " + pos);
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) read() << (8 * i);
            }
            return v;
        }

        String text() {
            long n = varint();
            if (n == 0) {
                return null;
            }
            int len = (int) (n - 1);
            if (len > b.length - pos) {
                throw new IllegalStateException("trace segment ends inside a text at byte " + pos);
            }
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        Long nullableLong() {
            return read() == 0 ? null : Long.valueOf(unzigzagLong(varint()));
        }

        private static long unzigzagLong(long v) {
            return (v >>> 1) ^ -(v & 1);
        }

        boolean done() {
            return pos == b.length;
        }

        int remaining() {
            return b.length - pos;
        }
    }
}
