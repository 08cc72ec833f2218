package io.vmledger.web.app;

import io.helidon.webserver.WebServer;
import io.vmledger.web.schedule.RetentionJob;
import io.vmledger.web.schedule.Schedules;

/** The server and the schedulers of a running service; stopped in order on shutdown. */
public final class RunningService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunningService.class.getName());

    private final AppServices services;
    private final WebServer server;
    private final Schedules schedules;

    private RunningService(AppServices services, WebServer server, Schedules schedules) {
        this.services = services;
        this.server = server;
        this.schedules = schedules;
    }

    /**
     * Starts the HTTP server and the schedules, then catches up in the background on any day or month
     * whose aggregation is due (the service was down at midnight, say) and on every report that is
     * missing or older than its data (a crash during generation, say); stops everything on JVM shutdown
     * (Ctrl-C, SIGTERM).
     */
    public static RunningService start(AppServices services) {
        WebServer server = LedgerServer.start(services);
        Schedules schedules;
        try {
            schedules = Schedules.start(services.settings(), services.capture(), services.aggregation(),
                    new RetentionJob(services.storage(), services.settings().cleanup(), services.reports()),
                    services.storage().instances());
        } catch (RuntimeException e) {
            server.stop();
            throw new StartupException("cannot start the schedules: " + StartupException.describe(e), e);
        }
        services.reports().catchUp();
        RunningService running = new RunningService(services, server, schedules);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "vmledger-shutdown"));
        Thread.ofVirtual().name("aggregation-catch-up").start(() -> {
            try {
                services.aggregation().catchUp(false);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "aggregation catch-up at start-up failed", e);
            }
        });
        return running;
    }

    public int port() {
        return server.port();
    }

    @Override
    public synchronized void close() {
        if (!server.isRunning()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "stopping");
        schedules.close();
        server.stop();
        services.close();
    }
}
