package io.vmledger.web.ui;

import java.util.List;

/** Every page of the UI the browser tests open, on the seeded store. */
final class UiPages {

    /** A page: its screenshot name, its path (prefixed {@code token:} for the token-mode listener), its status. */
    record Spec(String name, String path, int status) {
        Spec(String name, String path) {
            this(name, path, 200);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private UiPages() {
    }

    static List<Spec> all() {
        UiFixture f = UiFixture.get();
        return List.of(
                new Spec("dashboard", "/"),
                new Spec("snapshots", "/snapshots"),
                new Spec("snapshots-hourly", "/snapshots?type=hourly&vcenter=" + Links.encode(UiFixture.VC1)),
                new Spec("daily-summary", "/snapshots/daily/" + UiFixture.DAY2),
                new Spec("monthly-summary", "/snapshots/monthly/" + UiFixture.MONTH),
                new Spec("not-aggregated", "/snapshots/daily/2026-09-01", 404),
                new Spec("vcenters", "/vcenters"),
                new Spec("vcenter", "/vcenters/" + UiFixture.VC1),
                new Spec("vcenter-hourly", "/vcenters/" + UiFixture.VC1 + "?granularity=hourly"),
                new Spec("trace-search", "/trace"),
                new Spec("trace-candidates", "/trace?q=" + Links.encode(prefixOfManyNames(f))),
                new Spec("trace-vm", "/trace?vcenter=" + Links.encode(UiFixture.VC1) + "&vm_id=" + f.hostileIds.get(0)),
                new Spec("jobs", "/jobs"),
                new Spec("job-failed", "/jobs/" + f.failedJobId),
                new Spec("job-capture", "/jobs/1"),
                new Spec("reports", "/reports"),
                new Spec("signin", "/signin"),
                new Spec("not-found", "/no-such-page", 404));
    }

    /** A name prefix several VMs (not templates) of the second vCenter share: the first three characters of one's name. */
    static String prefixOfManyNames(UiFixture f) {
        String name = f.storage.hourly().snapshot(UiFixture.VC2, f.storage.hourly().latestSnapshotTime(UiFixture.VC2)
                .orElseThrow()).stream().filter(v -> !v.template()).findFirst().orElseThrow().name();
        return name.substring(0, 3);
    }
}
