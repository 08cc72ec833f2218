package io.vmledger.api;

import java.util.Objects;

/**
 * A lifecycle event reported by a vCenter (removal or one of the creation kinds).
 *
 * @param type    kind of event
 * @param time    event time, epoch seconds
 * @param vcenter vCenter key
 * @param vmId    managed object id when the event names one, else null
 * @param vmUuid  instance UUID when known, else null
 * @param name    VM name when known, else null
 */
public record VmEvent(Type type, long time, String vcenter, String vmId, String vmUuid, String name) {

    public enum Type {
        VM_REMOVED,
        VM_CREATED,
        VM_CLONED,
        VM_DEPLOYED,
        VM_REGISTERED;

        public boolean isCreation() {
            return this != VM_REMOVED;
        }
    }

    public VmEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(vcenter, "vcenter");
    }
}
