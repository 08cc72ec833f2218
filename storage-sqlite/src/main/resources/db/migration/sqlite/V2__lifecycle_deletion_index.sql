-- Reconciliation reads the live entries of a vCenter every hour, and aggregation those live or deleted
-- since the period start; deleted entries pile up for as long as the ledger runs. This index serves both
-- ranges ("DeletionTime" IS NULL sorts first). Hourly LastSeen refreshes do not touch it.
CREATE INDEX vm_lifecycle_cache_deletion ON vm_lifecycle_cache ("Vcenter", "DeletionTime");
