package io.vmledger.web.ui;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.VmLookup;
import io.vmledger.web.query.TraceService;
import io.vmledger.web.query.VcenterService;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /trace}: one VM over time. A search by name (exact, else the names starting with it), VM id or
 * UUID, optionally in one vCenter; for the VM found, its lifecycle cards, charts of vCPU, RAM and disk
 * with its pool and power changes marked, the list of those changes, and the dense sample table.
 */
final class TracePage {
    static final int CANDIDATES = 50;
    static final int DEFAULT_DAYS = 30;
    static final int TABLE_PAGE_SIZE = 750;
    private static final Pattern VM_ID = Pattern.compile("vm-\\d+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final TraceService traces;
    private final VcenterService vcenters;
    private final ReportCalendar calendar;
    private final Format format;

    TracePage(TraceService traces, VcenterService vcenters, ReportCalendar calendar, Format format) {
        this.traces = traces;
        this.vcenters = vcenters;
        this.calendar = calendar;
        this.format = format;
    }

    void show(PageRequest page) {
        UiParams q = page.params();
        String vcenter = q.text("vcenter").orElse(null);
        Optional<String> query = q.text("q");
        Map<String, Object> model = new HashMap<>();
        model.put("title", "VM trace");
        model.put("lede", "One VM hour by hour: when it was created, seen and deleted, and how it changed.");
        model.put("q", query.orElse(""));
        model.put("vcenter", vcenter);
        model.put("vcenters", vcenters.known());
        model.put("candidates", null);
        model.put("vm", null);
        model.put("notFound", null);

        List<VmLookup> lookups = lookups(q, query, vcenter);
        if (lookups.isEmpty()) {
            page.render("trace", model);
            return;
        }
        LocalDate fromDay = q.date("from").orElse(null);
        LocalDate toDay = q.date("to").orElse(null);
        if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
            throw UiException.badRequest("The range starts (" + fromDay + ") after it ends (" + toDay + ").");
        }
        for (VmLookup lookup : lookups) {
            List<LifecycleEntry> matches = traces.find(lookup);
            if (matches.size() > 1) {
                model.put("candidates", matches);
                model.put("candidatesWhy", matches.size() + " VMs match " + describe(lookup) + ". Choose one:");
                page.render("trace", model);
                return;
            }
            if (matches.size() == 1) {
                trace(page, model, matches.get(0), fromDay, toDay);
                return;
            }
        }
        // nothing matched exactly: a name search offers the names that start with it
        String prefix = query.orElse(lookups.get(lookups.size() - 1).value());
        List<LifecycleEntry> candidates = traces.candidates(prefix, vcenter, CANDIDATES);
        if (candidates.isEmpty()) {
            model.put("notFound", "No VM has a name, VM id or UUID equal to '" + prefix + "', and no name starts with it"
                    + (vcenter == null ? "." : " in " + vcenter + "."));
        } else {
            model.put("candidates", candidates);
            model.put("candidatesWhy", (candidates.size() == CANDIDATES ? "The first " + CANDIDATES : candidates.size())
                    + " VMs whose name starts with '" + prefix + "'. Choose one:");
        }
        page.render("trace", model);
    }

    /** What to look up: explicit vm_id, vm_uuid or name, else the search box read as an id, a UUID, then a name. */
    private static List<VmLookup> lookups(UiParams q, Optional<String> query, String vcenter) {
        List<VmLookup> out = new ArrayList<>();
        q.text("vm_id").ifPresent(v -> out.add(new VmLookup(VmLookup.By.VM_ID, v, vcenter)));
        q.text("vm_uuid").ifPresent(v -> out.add(new VmLookup(VmLookup.By.VM_UUID, v, vcenter)));
        q.text("name").ifPresent(v -> out.add(new VmLookup(VmLookup.By.NAME, v, vcenter)));
        if (!out.isEmpty() || query.isEmpty()) {
            return out;
        }
        String v = query.get();
        if (VM_ID.matcher(v).matches()) {
            out.add(new VmLookup(VmLookup.By.VM_ID, v, vcenter));
        } else if (UUID.matcher(v).matches()) {
            out.add(new VmLookup(VmLookup.By.VM_UUID, v, vcenter));
        }
        out.add(new VmLookup(VmLookup.By.NAME, v, vcenter));
        return out;
    }

    private static String describe(VmLookup l) {
        return switch (l.by()) {
            case VM_ID -> "VM id '" + l.value() + "'";
            case VM_UUID -> "UUID '" + l.value() + "'";
            case NAME -> "the name '" + l.value() + "'";
        } + (l.vcenter() == null ? "" : " in " + l.vcenter());
    }

    private void trace(PageRequest page, Map<String, Object> model, LifecycleEntry vm, LocalDate fromDay,
                       LocalDate toDay) {
        LocalDate lastDay = calendar.dateOf(vm.lastSeen());
        LocalDate firstDay = calendar.dateOf(vm.firstSeen());
        LocalDate to = toDay != null ? toDay : lastDay;
        LocalDate from = fromDay != null ? fromDay
                : firstDay.isAfter(to.minusDays(DEFAULT_DAYS - 1)) ? firstDay : to.minusDays(DEFAULT_DAYS - 1);
        TimeWindow window = new TimeWindow(calendar.startOf(from), calendar.startOf(to.plusDays(1)));
        TraceService.Unique u = traces.trace(vm, window);
        List<VmSample> samples = u.samples();

        model.put("title", "VM " + (vm.name() == null ? vm.vmKey() : vm.name()));
        model.put("vm", vm);
        model.put("creationSource", switch (u.creationSource()) {
            case "reported" -> "reported by vCenter";
            case "event" -> "from a creation event";
            default -> "unknown; the first sample is used";
        });
        model.put("from", from.toString());
        model.put("to", to.toString());
        model.put("firstDay", firstDay.toString());
        model.put("lastDay", lastDay.toString());
        List<Chart.Marker> markers = new ArrayList<>();
        List<Map<String, Object>> changes = changes(samples, markers);
        model.put("changes", changes);
        String period = "hourly samples, " + from + " to " + to;
        String zone = format.zone().getId();
        List<Long> x = samples.stream().map(VmSample::snapshotTime).toList();
        model.put("charts", List.of(
                VcentersPages.chart(new Chart("vm-vcpu", "vCPUs", period, "", 0, zone, "time", x,
                        List.of(Chart.Series.of("vCPUs", samples, VmSample::vcpuCount)), markers)),
                VcentersPages.chart(new Chart("vm-ram", "RAM", period, "GB", 1, zone, "time", x,
                        List.of(Chart.Series.of("RAM", samples, VmSample::ramGb)), markers)),
                VcentersPages.chart(new Chart("vm-disk", "Disk", period, "GB", 1, zone, "time", x,
                        List.of(Chart.Series.of("Disk", samples, VmSample::provisionedDiskGb)), markers))));
        String key = vm.vmId() != null ? "vm_id" : vm.vmUuid() != null ? "vm_uuid" : "name";
        String value = vm.vmId() != null ? vm.vmId() : vm.vmUuid() != null ? vm.vmUuid() : vm.name();
        Links links = Links.to("/trace").with("vcenter", vm.vcenter()).with(key, value)
                .with("from", fromDay).with("to", toDay);
        Paging paging = Paging.of(page.params().page(), TABLE_PAGE_SIZE, samples.size(), links, "Pages of samples");
        int offset = (int) paging.offset(TABLE_PAGE_SIZE);
        model.put("samples", samples.subList(Math.min(offset, samples.size()),
                Math.min(offset + TABLE_PAGE_SIZE, samples.size())));
        model.put("paging", paging);
        model.put("traceVcenter", vm.vcenter());
        model.put("traceKey", key);
        model.put("traceValue", value);
        page.render("trace", model);
    }

    /** Pool and power-state changes between consecutive samples, as rows and as chart markers. */
    private List<Map<String, Object>> changes(List<VmSample> samples, List<Chart.Marker> markers) {
        List<Map<String, Object>> out = new ArrayList<>();
        VmSample previous = null;
        for (VmSample s : samples) {
            if (previous != null) {
                List<String> what = new ArrayList<>();
                if (!Objects.equals(previous.resourcePool(), s.resourcePool())) {
                    what.add("pool " + label(previous.resourcePool()) + " \u2192 " + label(s.resourcePool()));
                }
                if (previous.powerState() != s.powerState()) {
                    what.add("power " + previous.powerState().wire() + " \u2192 " + s.powerState().wire());
                }
                if (!what.isEmpty()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("time", s.snapshotTime());
                    row.put("what", String.join("; ", what));
                    out.add(row);
                    markers.add(new Chart.Marker(s.snapshotTime(), String.join("; ", what)));
                }
            }
            previous = s;
        }
        return out;
    }

    private static String label(String pool) {
        return pool == null ? "(none)" : pool;
    }
}
