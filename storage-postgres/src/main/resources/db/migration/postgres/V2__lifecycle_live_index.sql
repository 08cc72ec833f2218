-- Hourly reconciliation reads only the live (not deleted) VMs of a vCenter, while deleted entries
-- pile up for as long as the ledger runs. This partial index finds the live ones without reading
-- the deleted ones. "LastSeen" stays unindexed, so the hourly LastSeen updates remain HOT updates.
CREATE INDEX vm_lifecycle_cache_live ON vm_lifecycle_cache ("Vcenter", "VmKey") WHERE "DeletionTime" IS NULL;
