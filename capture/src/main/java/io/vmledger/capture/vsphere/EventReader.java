package io.vmledger.capture.vsphere;

import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.EventFilterSpecByTime;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VmClonedEvent;
import com.vmware.vim25.VmCreatedEvent;
import com.vmware.vim25.VmDeployedEvent;
import com.vmware.vim25.VmRegisteredEvent;
import com.vmware.vim25.VmRemovedEvent;
import io.vmledger.api.VmEvent;

import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;

/**
 * Reads a vCenter's VM lifecycle events (removals and the four kinds of creation) in a time window, through an
 * event history collector: {@code QueryEvents} returns one page only (vcsim's is 10 events), while a collector
 * read with {@code ReadNextEvents} returns the whole window. The window is also applied here, because the
 * server's time filter is inclusive at both ends (and vcsim 0.24.2 ignores it).
 */
final class EventReader {

    /** Largest page a vCenter serves ({@code maxCount} is at most 1000). */
    private static final int PAGE = 1000;

    static final String[] EVENT_TYPES = {"VmRemovedEvent", "VmCreatedEvent", "VmClonedEvent", "VmDeployedEvent",
            "VmRegisteredEvent"};

    private final VsphereSession session;

    EventReader(VsphereSession session) {
        this.session = session;
    }

    /** The lifecycle events with {@code fromExclusive < time <= toInclusive} (epoch seconds), oldest first. */
    List<VmEvent> read(long fromExclusive, long toInclusive) throws RemoteException {
        EventFilterSpec filter = new EventFilterSpec();
        EventFilterSpecByTime time = new EventFilterSpecByTime();
        time.setBeginTime(calendar(fromExclusive));
        // Event times have sub-second precision: anything before the next whole second is still "toInclusive".
        time.setEndTime(calendar(toInclusive + 1));
        filter.setTime(time);
        filter.setEventTypeId(EVENT_TYPES.clone());

        String vcenter = session.endpoint().name();
        ManagedObjectReference collector = session.vim().createCollectorForEvents(session.content().getEventManager(), filter);
        List<VmEvent> events = new ArrayList<>();
        try {
            // The latest-page size matters to vcsim, whose collector only reads through its latest page.
            session.vim().setCollectorPageSize(collector, PAGE);
            session.vim().rewindCollector(collector);
            while (true) {
                Event[] page = session.vim().readNextEvents(collector, PAGE);
                if (page == null || page.length == 0) {
                    break;
                }
                for (Event event : page) {
                    VmEvent converted = convert(vcenter, event);
                    if (converted != null && converted.time() > fromExclusive && converted.time() <= toInclusive) {
                        events.add(converted);
                    }
                }
            }
        } finally {
            try {
                session.vim().destroyCollector(collector);
            } catch (RemoteException e) {
                // Collectors die with the session; a leak here is bounded.
            }
        }
        events.sort(Comparator.comparingLong(VmEvent::time));
        return events;
    }

    /** The lifecycle event of a vSphere event, or null for other kinds and events without a time. */
    static VmEvent convert(String vcenter, Event event) {
        VmEvent.Type type;
        if (event instanceof VmRemovedEvent) {
            type = VmEvent.Type.VM_REMOVED;
        } else if (event instanceof VmCreatedEvent) {
            type = VmEvent.Type.VM_CREATED;
        } else if (event instanceof VmClonedEvent) {
            type = VmEvent.Type.VM_CLONED;
        } else if (event instanceof VmDeployedEvent) {
            type = VmEvent.Type.VM_DEPLOYED;
        } else if (event instanceof VmRegisteredEvent) {
            type = VmEvent.Type.VM_REGISTERED;
        } else {
            return null;
        }
        if (event.getCreatedTime() == null) {
            return null;
        }
        long time = Math.floorDiv(event.getCreatedTime().getTimeInMillis(), 1000L);
        String vmId = null;
        String name = null;
        if (event.getVm() != null) {
            name = event.getVm().getName();
            vmId = event.getVm().getVm() == null ? null : event.getVm().getVm().getVal();
        }
        if (vmId == null && name == null) {
            return null;
        }
        // vSphere's VM event arguments carry no UUID.
        return new VmEvent(type, time, vcenter, vmId, null, name);
    }

    private static Calendar calendar(long epochSeconds) {
        Calendar c = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        c.setTimeInMillis(epochSeconds * 1000L);
        return c;
    }
}
