-- Hourly reconciliation reads only the live (not deleted) VMs of a vCenter, and aggregation the live
-- ones plus those deleted since the period began, while deleted entries pile up for as long as the
-- ledger runs. This index finds both ("DeletionTime" IS NULL, and IS NULL OR >= t) without reading
-- the older deletions. "LastSeen" stays unindexed, so the hourly LastSeen updates remain HOT updates.
CREATE INDEX vm_lifecycle_cache_deletion ON vm_lifecycle_cache ("Vcenter", "DeletionTime");
