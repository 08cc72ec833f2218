package io.vmledger.web.app;

import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.simulated.SimulatedInventorySource;

/** Builds the inventory source {@code inventory.source} selects. */
final class InventorySources {

    private InventorySources() {
    }

    static InventorySource create(Settings settings) {
        return switch (settings.inventory().source()) {
            case SIMULATED -> SimulatedInventorySource.of(settings.inventory());
            case VCENTER -> throw new SettingsException(Settings.Keys.INVENTORY_SOURCE, "vcenter",
                    "the vCenter source is not available in this build; use simulated");
        };
    }
}
