package io.vmledger.capture.vsphere;

import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.util.MorUtil;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.ws.Argument;
import io.vmledger.api.settings.VcenterEndpoint;

import java.io.IOException;
import java.net.URI;
import java.rmi.RemoteException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One logged-in session with one vCenter, on yavijava's {@link VimPortType}. Only the property collector and
 * a few managers are used: yavijava's managed-object getters cannot follow the object references vcsim sends
 * (see {@link VmPropertyPaths}). Used by one thread at a time ({@link VsphereInventorySource} serialises calls
 * per vCenter), except that {@link #retrieveAll} reads the pages after the first on a second thread.
 */
final class VsphereSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(VsphereSession.class.getName());
    private static final ManagedObjectReference SERVICE_INSTANCE = MorUtil.createMOR("ServiceInstance", "ServiceInstance");

    private final VcenterEndpoint endpoint;
    private final VsphereSoapClient client;
    private final VimPortType vim;
    private final ServiceContent content;

    private VsphereSession(VcenterEndpoint endpoint, VsphereSoapClient client, VimPortType vim, ServiceContent content) {
        this.endpoint = endpoint;
        this.client = client;
        this.vim = vim;
        this.content = content;
    }

    /**
     * Connects and logs in.
     *
     * @throws IOException when the vCenter cannot be reached, refuses the login or answers with a fault
     */
    static VsphereSession open(VcenterEndpoint endpoint) throws IOException {
        Log4jBridge.install();
        // A timeout of 0 would mean "wait forever" to HttpURLConnection: never let a silent host hold a capture.
        int timeoutSeconds = endpoint.timeoutSeconds() > 0 ? endpoint.timeoutSeconds() : VcenterEndpoints.DEFAULT_TIMEOUT_SECONDS;
        VsphereSoapClient client = new VsphereSoapClient(URI.create(endpoint.url()).toURL(), VsphereTls.of(endpoint),
                Math.multiplyExact(timeoutSeconds, 1000));
        client.setVimNameSpace(ServiceInstance.VIM25_NAMESPACE);
        VimPortType vim = new VimPortType(client);
        ServiceContent content;
        try {
            content = vim.retrieveServiceContent(SERVICE_INSTANCE);
        } catch (RemoteException e) {
            throw new IOException("cannot reach " + endpoint.url() + ": " + Faults.describe(e), e);
        }
        if (content == null || content.getAbout() == null) {
            throw new IOException(endpoint.url() + " did not return a vSphere service content");
        }
        client.useApiVersion(content.getAbout().getApiVersion());
        try {
            vim.login(content.getSessionManager(), endpoint.username(), endpoint.password(), null);
        } catch (RemoteException e) {
            if (Faults.is(e, InvalidLogin.class)) {
                throw new LoginRefused("login refused for user '" + endpoint.username() + "' at " + endpoint.url(), e);
            }
            throw new IOException("login failed at " + endpoint.url() + ": " + Faults.describe(e), e);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "vcenter " + endpoint.name() + ": logged in to " + content.getAbout().getFullName());
        return new VsphereSession(endpoint, client, vim, content);
    }

    /** The vCenter refused the user name or password: no retry fixes that, the metrics count it apart. */
    static final class LoginRefused extends IOException {
        LoginRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    VcenterEndpoint endpoint() {
        return endpoint;
    }

    ServiceContent content() {
        return content;
    }

    VimPortType vim() {
        return vim;
    }

    /** A container view over the whole inventory for the given managed-object types; destroy it after use. */
    ManagedObjectReference createContainerView(String... types) throws RemoteException {
        return vim.createContainerView(content.getViewManager(), content.getRootFolder(), types, true);
    }

    void destroyView(ManagedObjectReference view) {
        try {
            vim.destroyView(view);
        } catch (RemoteException e) {
            // The view dies with the session anyway; not worth failing a capture for.
            LOG.log(System.Logger.Level.DEBUG, () -> "vcenter " + endpoint.name() + ": destroyView failed: " + Faults.describe(e));
        }
    }

    /** The filter that selects every object of a container view and reads the given paths of {@code type}. */
    static PropertyFilterSpec viewFilter(ManagedObjectReference view, String type, List<String> paths) {
        TraversalSpec traversal = new TraversalSpec();
        traversal.setName("traverseView");
        traversal.setType("ContainerView");
        traversal.setPath("view");
        traversal.setSkip(false);
        ObjectSpec objects = new ObjectSpec();
        objects.setObj(view);
        objects.setSkip(true);
        objects.setSelectSet(new SelectionSpec[] {traversal});
        return filter(objects, type, paths);
    }

    /** The filter that reads the given paths of one object. */
    static PropertyFilterSpec objectFilter(ManagedObjectReference object, List<String> paths) {
        ObjectSpec objects = new ObjectSpec();
        objects.setObj(object);
        objects.setSkip(false);
        return filter(objects, object.getType(), paths);
    }

    private static PropertyFilterSpec filter(ObjectSpec objects, String type, List<String> paths) {
        PropertySpec properties = new PropertySpec();
        properties.setType(type);
        properties.setAll(false);
        properties.setPathSet(paths.toArray(String[]::new));
        PropertyFilterSpec spec = new PropertyFilterSpec();
        spec.setPropSet(new PropertySpec[] {properties});
        spec.setObjectSet(new ObjectSpec[] {objects});
        return spec;
    }

    /** First page of a retrieval; {@code maxObjects <= 0} lets the server choose the page size. */
    RetrieveResult retrieve(PropertyFilterSpec spec, int maxObjects) throws RemoteException {
        RetrieveOptions options = new RetrieveOptions();
        if (maxObjects > 0) {
            options.setMaxObjects(maxObjects);
        }
        return vim.retrievePropertiesEx(content.getPropertyCollector(), new PropertyFilterSpec[] {spec}, options);
    }

    /** Receives the pages of {@link #retrieveAll}, in order, on the calling thread. */
    @FunctionalInterface
    interface PageConsumer {
        void accept(ObjectContent[] objects) throws RemoteException;
    }

    /**
     * Reads every page of a retrieval ({@code RetrievePropertiesEx}, then {@code ContinueRetrievePropertiesEx}
     * until no token is returned) and hands each page's objects to {@code consumer} in order. Each next page is
     * requested as soon as the previous page's token has arrived, on a second thread, so that the server builds
     * page k+1 while this side is still reading page k; at most one request is ahead.
     *
     * @throws RemoteException from the first page that failed; the pages before it have been consumed
     */
    void retrieveAll(PropertyFilterSpec spec, int maxObjects, PageConsumer consumer) throws RemoteException {
        RetrieveOptions options = new RetrieveOptions();
        if (maxObjects > 0) {
            options.setMaxObjects(maxObjects);
        }
        Argument[] first = {
                new Argument("_this", "ManagedObjectReference", content.getPropertyCollector()),
                new Argument("specSet", "PropertyFilterSpec[]", new PropertyFilterSpec[] {spec}),
                new Argument("options", "RetrieveOptions", options)};
        try (ExecutorService ahead = Executors.newVirtualThreadPerTaskExecutor()) {
            Prefetch prefetch = new Prefetch(ahead);
            try {
                RetrieveResult page = client.retrieve("RetrievePropertiesEx", first, prefetch::next);
                while (page != null) {
                    if (page.getObjects() != null) {
                        consumer.accept(page.getObjects());
                    }
                    Future<RetrieveResult> next = prefetch.pages.poll();
                    page = next == null ? null : await(next);
                }
            } catch (RemoteException | RuntimeException e) {
                prefetch.abandoned = true;
                throw e;
            }
        }
    }

    /** The requests for the pages after the current one; a page's token is read before its objects. */
    private final class Prefetch {
        final ExecutorService executor;
        final Queue<Future<RetrieveResult>> pages = new ConcurrentLinkedQueue<>();
        volatile boolean abandoned;

        Prefetch(ExecutorService executor) {
            this.executor = executor;
        }

        void next(String token) {
            if (abandoned) {
                cancelRetrieve(token);
                return;
            }
            Argument[] args = {
                    new Argument("_this", "ManagedObjectReference", content.getPropertyCollector()),
                    new Argument("token", "String", token)};
            pages.add(executor.submit(() -> client.retrieve("ContinueRetrievePropertiesEx", args, this::next)));
        }
    }

    private static RetrieveResult await(Future<RetrieveResult> page) throws RemoteException {
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemoteException r) {
                throw r;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RemoteException("ContinueRetrievePropertiesEx failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while reading a page", e);
        }
    }

    /** Releases the server-side state of a retrieval that is abandoned before its last page. */
    void cancelRetrieve(String token) {
        try {
            vim.cancelRetrievePropertiesEx(content.getPropertyCollector(), token);
        } catch (RemoteException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "vcenter " + endpoint.name() + ": cancelRetrievePropertiesEx failed: " + Faults.describe(e));
        }
    }

    @Override
    public void close() {
        try {
            vim.logout(content.getSessionManager());
        } catch (RemoteException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "vcenter " + endpoint.name() + ": logout failed: " + e.getMessage());
        }
    }
}
