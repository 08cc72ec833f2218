package io.vmledger.storage.spi;

import java.util.Objects;

/**
 * A trace look-up: a VM by managed object id, instance UUID or name, optionally within one vCenter.
 *
 * @param by      which identity {@code value} is
 * @param value   the id, UUID or exact name
 * @param vcenter vCenter key, or null for all vCenters
 */
public record VmLookup(By by, String value, String vcenter) {

    public enum By { VM_ID, VM_UUID, NAME }

    public VmLookup {
        Objects.requireNonNull(by, "by");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a look-up value is required");
        }
    }
}
