package io.vmledger.capture.vsphere;

import io.vmledger.api.VmEvent;
import io.vmledger.api.settings.VcenterEndpoint;
import io.vmledger.capture.CaptureException;
import io.vmledger.capture.CaptureFailure;
import io.vmledger.capture.Inventory;
import io.vmledger.capture.InventorySource;

import java.io.IOException;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real inventory: the configured vCenters, read through yavijava. One session per vCenter, opened on first
 * use and kept between captures; a session the server has dropped (expired, terminated, vCenter restarted) is
 * replaced by a new login and the call is repeated once. Calls for different vCenters run in parallel; calls for
 * the same vCenter wait for each other. Failures are thrown as {@link CaptureException}; the capture pipeline
 * retries them with backoff and records the vCenter as failed for the hour, without holding up the others.
 */
public final class VsphereInventorySource implements InventorySource {

    /** VMs per page of the bulk retrieval (the server may send fewer). */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    private static final System.Logger LOG = System.getLogger(VsphereInventorySource.class.getName());

    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final int pageSize;

    public VsphereInventorySource(List<VcenterEndpoint> endpoints) {
        this(endpoints, DEFAULT_PAGE_SIZE);
    }

    /**
     * @param endpoints the vCenters, in configuration order; names must be unique
     * @param pageSize  VMs per page of the bulk retrieval
     */
    public VsphereInventorySource(List<VcenterEndpoint> endpoints, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
        }
        this.pageSize = pageSize;
        for (VcenterEndpoint endpoint : endpoints) {
            if (connections.putIfAbsent(endpoint.name(), new Connection(endpoint)) != null) {
                throw new IllegalArgumentException("duplicate vCenter name " + endpoint.name());
            }
        }
    }

    @Override
    public List<String> vcenters() {
        return List.copyOf(connections.keySet());
    }

    @Override
    public Inventory capture(String vcenter, long snapshotTime) {
        return connection(vcenter).call("capture", session -> new VmFetcher(session, pageSize).fetch(snapshotTime));
    }

    @Override
    public List<VmEvent> events(String vcenter, long fromExclusive, long toInclusive) {
        if (toInclusive <= fromExclusive) {
            return List.of();
        }
        return connection(vcenter).call("reading events", session -> {
            long started = System.nanoTime();
            List<VmEvent> events = new EventReader(session).read(fromExclusive, toInclusive);
            LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT, "vcenter %s: %d lifecycle events in (%d, %d] read in %.2f s",
                    vcenter, events.size(), fromExclusive, toInclusive, (System.nanoTime() - started) / 1e9));
            return events;
        });
    }

    /** Logs out of every open session. */
    @Override
    public void close() {
        List<Connection> all = new ArrayList<>(connections.values());
        for (Connection connection : all) {
            connection.close();
        }
    }

    private Connection connection(String vcenter) {
        Connection connection = connections.get(vcenter);
        if (connection == null) {
            throw new CaptureException("vCenter '" + vcenter + "' is not configured (configured: " + connections.keySet() + ")");
        }
        return connection;
    }

    @FunctionalInterface
    private interface SessionCall<R> {
        R apply(VsphereSession session) throws RemoteException;
    }

    /** The session of one vCenter, used by one thread at a time. */
    private static final class Connection {
        private final VcenterEndpoint endpoint;
        private final ReentrantLock lock = new ReentrantLock();
        private VsphereSession session;

        Connection(VcenterEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        <R> R call(String what, SessionCall<R> call) {
            lock.lock();
            try {
                for (int attempt = 1; ; attempt++) {
                    VsphereSession current = session();
                    try {
                        return call.apply(current);
                    } catch (RemoteException | RuntimeException e) {
                        if (attempt == 1 && Faults.isSessionLoss(e)) {
                            LOG.log(System.Logger.Level.INFO, () -> "vcenter " + endpoint.name() + ": session lost, logging in again");
                            session = null;
                            continue;
                        }
                        throw new CaptureException("vcenter " + endpoint.name() + ": " + what + " failed: " + Faults.describe(e), e);
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        private VsphereSession session() {
            if (session == null) {
                try {
                    session = VsphereSession.open(endpoint);
                } catch (IOException | RuntimeException e) {
                    throw new CaptureException(e instanceof VsphereSession.LoginRefused ? CaptureFailure.LOGIN : null,
                            "vcenter " + endpoint.name() + ": " + e.getMessage(), e);
                }
            }
            return session;
        }

        void close() {
            lock.lock();
            try {
                if (session != null) {
                    session.close();
                    session = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
