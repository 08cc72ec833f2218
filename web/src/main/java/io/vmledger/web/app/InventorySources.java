package io.vmledger.web.app;

import io.vmledger.api.settings.Settings;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.capture.vsphere.VsphereInventorySource;

/** Builds the inventory source {@code inventory.source} selects. */
final class InventorySources {

    private InventorySources() {
    }

    static InventorySource create(Settings settings) {
        return switch (settings.inventory().source()) {
            case SIMULATED -> SimulatedInventorySource.of(settings.inventory());
            case VCENTER -> new VsphereInventorySource(settings.vcenters());
        };
    }
}
