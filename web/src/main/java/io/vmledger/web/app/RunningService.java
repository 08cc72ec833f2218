package io.vmledger.web.app;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.vmledger.web.metrics.LedgerMetrics;
import io.vmledger.web.schedule.RetentionJob;
import io.vmledger.web.schedule.Schedules;

import java.time.Clock;
import java.time.Instant;

/** The server and the schedulers of a running service; stopped in order on shutdown. */
public final class RunningService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunningService.class.getName());

    private final AppServices services;
    private final LedgerMetrics metrics;
    private final WebServer server;
    private final Schedules schedules;

    private RunningService(AppServices services, LedgerMetrics metrics, WebServer server, Schedules schedules) {
        this.services = services;
        this.metrics = metrics;
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
        LedgerMetrics metrics = metrics(services);
        WebServer server;
        try {
            server = LedgerServer.start(services);
        } catch (RuntimeException e) {
            stopMetrics(services, metrics);
            throw e;
        }
        Schedules schedules;
        try {
            schedules = Schedules.start(services.settings(), services.capture(), services.aggregation(),
                    new RetentionJob(services.storage(), services.settings().cleanup(), services.reports()),
                    services.storage().instances());
        } catch (RuntimeException e) {
            server.stop();
            stopMetrics(services, metrics);
            throw new StartupException("cannot start the schedules: " + StartupException.describe(e), e);
        }
        services.reports().catchUp();
        RunningService running = new RunningService(services, metrics, server, schedules);
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

    /**
     * vmledger's meters on Helidon's registry, which {@code /observe/metrics} serves; registered before the server
     * and the schedules start, so the first scrape and the start-up catch-up are counted.
     */
    private static LedgerMetrics metrics(AppServices services) {
        LedgerMetrics metrics = LedgerMetrics.register(Services.get(MeterRegistry.class), new LedgerMetrics.Sources(
                services.storage(), services.source().vcenters(), services.reports()::queueStats,
                () -> services.capture().interval(Instant.now().getEpochSecond())), Clock.systemUTC());
        services.capture().addObserver(metrics.captures());
        return metrics;
    }

    private static void stopMetrics(AppServices services, LedgerMetrics metrics) {
        services.capture().removeObserver(metrics.captures());
        metrics.close();
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
        stopMetrics(services, metrics);
        services.close();
    }
}
