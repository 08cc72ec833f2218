package io.vmledger.aggregation;

import io.vmledger.storage.spi.CompatibilityTables;
import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.storage.spi.InstanceStore;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.LifecycleStore;
import io.vmledger.storage.spi.RollupStore;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.TotalsStore;

import java.util.Optional;

/** A storage that forwards everything; tests override one store to observe or break it. */
class DelegatingStorage implements Storage {
    final Storage inner;

    DelegatingStorage(Storage inner) {
        this.inner = inner;
    }

    @Override
    public String providerName() {
        return inner.providerName();
    }

    @Override
    public HourlyStore hourly() {
        return inner.hourly();
    }

    @Override
    public LifecycleStore lifecycle() {
        return inner.lifecycle();
    }

    @Override
    public TotalsStore totals() {
        return inner.totals();
    }

    @Override
    public SnapshotRegistry registry() {
        return inner.registry();
    }

    @Override
    public CompatibilityTables compatibility() {
        return inner.compatibility();
    }

    @Override
    public RollupStore rollups() {
        return inner.rollups();
    }

    @Override
    public JobRunStore jobs() {
        return inner.jobs();
    }

    @Override
    public InstanceStore instances() {
        return inner.instances();
    }

    @Override
    public <T> T inTransaction(String what, java.util.function.Supplier<T> work) {
        return inner.inTransaction(what, work);
    }

    @Override
    public Optional<SqlAggregation> sqlAggregation() {
        return inner.sqlAggregation();
    }

    @Override
    public void close() {
        inner.close();
    }
}
