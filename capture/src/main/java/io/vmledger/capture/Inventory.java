package io.vmledger.capture;

import io.vmledger.api.VmSample;

import java.util.List;
import java.util.Objects;

/**
 * The result of capturing one vCenter once.
 *
 * @param vcenter      vCenter key
 * @param snapshotTime capture start, epoch seconds
 * @param vms          one row per VM, templates included
 * @param fallbacks    VMs that had to be fetched one at a time because the bulk result was incomplete
 */
public record Inventory(String vcenter, long snapshotTime, List<VmSample> vms, int fallbacks) {

    public Inventory {
        Objects.requireNonNull(vcenter, "vcenter");
        vms = List.copyOf(vms);
    }
}
