package io.vmledger.benchmarks.postgres;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;

import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic fleet of the PostgreSQL benchmark: VM {@code n} of vCenter {@code v} at hour
 * {@code h} of the month. The same formulas exist in SQL ({@link #HISTORY_SQL}), which loads a month of
 * history in a few bulk statements, and in Java ({@link #snapshot}), which produces the hours the
 * benchmark persists through the plugin, so both describe one fleet: pools (some moving day to day),
 * sizes, templates, powered-off VMs, VMs created during the month and VMs deleted during it.
 */
final class BenchFleet {
    static final String[] POOLS = {"Tin", "Bronze", "Silver", "Gold", "Other", "prod-web"};
    /** Hours of the month before which VM n (n % 50 == 7) does not exist yet. */
    static final int CHURN = 50;

    final int vcenters;
    final int perVcenter;
    final long monthStart;
    final int historyHours;

    BenchFleet(int vms, int vcenters, long monthStart, int historyHours) {
        this.vcenters = vcenters;
        this.perVcenter = vms / vcenters;
        this.monthStart = monthStart;
        this.historyHours = historyHours;
    }

    static String vcenter(int v) {
        return "vc-" + v + ".bench.example.com";
    }

    static int createdHour(int n) {
        return n % CHURN == 7 ? (n * 17) % 720 : 0;
    }

    /** The hour VM n stops existing, or MAX_VALUE. */
    static int deletedHour(int n) {
        return n % CHURN == 11 ? 1 + (n * 29) % 719 : Integer.MAX_VALUE;
    }

    static boolean present(int n, int hour) {
        return hour >= createdHour(n) && hour < deletedHour(n);
    }

    /** The rows of vCenter {@code v} at hour {@code hour} of the month. */
    List<VmSample> snapshot(int v, int hour) {
        long t = monthStart + hour * 3600L;
        int day = hour / 24;
        List<VmSample> rows = new ArrayList<>(perVcenter);
        for (int n = 1; n <= perVcenter; n++) {
            if (!present(n, hour)) {
                continue;
            }
            int pool = n % 97 == 0 ? (n + day) % POOLS.length : n % POOLS.length;
            rows.add(new VmSample(t, vcenter(v), "vm-" + n, String.format("4a7d%04x-0000-4000-8000-%012x", v, n),
                    "app-" + n + "-" + v, monthStart - (n * 3631L) % 34_560_000L, null, POOLS[pool], "dc-" + v,
                    "cluster-" + n % 8, "folder/" + n % 40, 1 + n % 16, (1 + n % 8) * 2.0,
                    40 + (n * 7) % 500 + 0.25 * (n % 4), n % 13 == 0 ? PowerState.POWERED_OFF : PowerState.POWERED_ON,
                    n % 211 == 0));
        }
        return rows;
    }

    /**
     * One day of history for every vCenter, in the order the plugin writes rows (time, vCenter, key).
     * Parameters: month start, first hour, last hour (inclusive), VMs per vCenter, vCenter count.
     */
    static final String HISTORY_SQL = """
            INSERT INTO vm_hourly_stats
            SELECT t, vc, 'vm-' || n, 'vm-' || n,
                   format('4a7d%s-0000-4000-8000-%s', lpad(to_hex(v), 4, '0'), lpad(to_hex(n), 12, '0')),
                   'app-' || n || '-' || v, ms - mod(n * 3631::bigint, 34560000), NULL,
                   (ARRAY['Tin','Bronze','Silver','Gold','Other','prod-web'])[1 + CASE WHEN mod(n, 97) = 0
                        THEN mod(n + h / 24, 6) ELSE mod(n, 6) END],
                   'dc-' || v, 'cluster-' || mod(n, 8), 'folder/' || mod(n, 40),
                   1 + mod(n, 16), (1 + mod(n, 8)) * 2.0, 40 + mod(n * 7, 500) + 0.25 * mod(n, 4),
                   CASE WHEN mod(n, 13) = 0 THEN 'poweredOff' ELSE 'poweredOn' END,
                   mod(n, 211) = 0
              FROM (SELECT ?::bigint AS ms) AS m,
                   generate_series(?, ?) AS h,
                   LATERAL (SELECT ms + h * 3600 AS t) AS tt,
                   generate_series(1, ?) AS v,
                   LATERAL (SELECT 'vc-' || v || '.bench.example.com' AS vc) AS vv,
                   generate_series(1, ?) AS n
             WHERE (mod(n, 50) <> 7 OR h >= mod(n * 17, 720))
               AND (mod(n, 50) <> 11 OR h < 1 + mod(n * 29, 719))
             ORDER BY t, vc, 'vm-' || n""";

    /** The catalog of the generated snapshots. Parameters: month start, hours, vCenters, VMs per vCenter. */
    static final String CATALOG_SQL = """
            INSERT INTO vm_hourly_snapshots ("Vcenter", "SnapshotTime", "RowCount")
            SELECT "Vcenter", "SnapshotTime", count(*)
              FROM vm_hourly_stats
             WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?
             GROUP BY "Vcenter", "SnapshotTime"
            ON CONFLICT DO NOTHING""";

    /**
     * The lifecycle cache as reconciliation would have left it after the history. Parameters: month
     * start (6 times), history hours, vCenters, VMs per vCenter.
     */
    static final String LIFECYCLE_SQL = """
            INSERT INTO vm_lifecycle_cache
            SELECT 'vc-' || v || '.bench.example.com', 'vm-' || n, 'vm-' || n,
                   format('4a7d%s-0000-4000-8000-%s', lpad(to_hex(v), 4, '0'), lpad(to_hex(n), 12, '0')),
                   'app-' || n || '-' || v,
                   ?::bigint + 3600 * CASE WHEN mod(n, 50) = 7 THEN mod(n * 17, 720) ELSE 0 END,
                   ?::bigint + 3600 * CASE WHEN mod(n, 50) = 11 AND 1 + mod(n * 29, 719) <= ?
                                           THEN mod(n * 29, 719) ELSE ? - 1 END,
                   ?::bigint - mod(n * 3631::bigint, 34560000),
                   CASE WHEN mod(n, 50) = 11 AND 1 + mod(n * 29, 719) <= ? THEN ?::bigint + 3600 * (1 + mod(n * 29, 719)) END,
                   CASE WHEN mod(n, 50) = 11 AND 1 + mod(n * 29, 719) <= ? THEN 'observed' END
              FROM generate_series(1, ?) AS v, generate_series(1, ?) AS n
             WHERE mod(n, 50) <> 7 OR mod(n * 17, 720) < ?""";
}
