package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.AbstractInstancesTest;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.spi.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instances on SQLite, and its rule of one process per store. */
class SqliteInstancesTest extends AbstractInstancesTest {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        Path file = dir.resolve("store-" + FILES.incrementAndGet() + ".db");
        return () -> SqliteStores.open(file, Settings.defaults());
    }

    @Test
    void aSecondProcessIsRefusedWithTheHolderNamed() throws Exception {
        Path file = dir.resolve("shared.db");
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            try (JdbcStorage s = SqliteStores.open(file, Settings.defaults())) {
                // the instance row another live vmledger process on this machine would have written
                long start = other.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
                String key = s.database().read("machine key", c -> {
                    try (var ps = c.prepareStatement("SELECT \"HostKey\" FROM service_instances LIMIT 1");
                         var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                });
                s.database().write("another process", c -> {
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO service_instances ("InstanceId", "Role", "Host", "HostKey", "Pid",
                                "ProcessStart", "StartedAt", "HeartbeatAt", "EndedAt", "Status", "Detail")
                            VALUES ('other-instance', 'serve', 'this-host', ?, ?, ?, ?, ?, NULL, 'running', NULL)""")) {
                        ps.setString(1, key);
                        ps.setLong(2, other.pid());
                        ps.setLong(3, start);
                        ps.setLong(4, start);
                        ps.setLong(5, System.currentTimeMillis());
                        return ps.executeUpdate();
                    }
                });
            }
            StorageException e = assertThrows(StorageException.class, () -> SqliteStores.open(file, Settings.defaults()));
            assertTrue(e.getMessage().contains("in use by another vmledger process: serve, pid " + other.pid()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("one vmledger process at a time"), e.getMessage());
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
        // once that process is gone, the store opens, and its instance is recorded as dead
        SqliteStores.open(file, Settings.defaults()).close();
    }
}
