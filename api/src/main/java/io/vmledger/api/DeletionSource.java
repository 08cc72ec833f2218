package io.vmledger.api;

/** How a deletion was learnt: from a vCenter removal event or by observing the VM missing. */
public enum DeletionSource {
    EVENT("event"),
    OBSERVED("observed");

    private final String wire;

    DeletionSource(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static DeletionSource fromWire(String value) {
        for (DeletionSource s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown deletion source '" + value + "' (allowed: event, observed)");
    }
}
