package io.vmledger.web.cli;

import io.vmledger.web.app.AppServices;
import io.vmledger.web.app.RunningService;
import io.vmledger.web.config.SettingsLoader;

/** {@code serve}: the long-running service. */
final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "run the service: API, health, metrics and the scheduled hourly capture";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION;
    }

    @Override
    public int run(CliOptions options) {
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        AppServices services = AppServices.open(loaded, name());
        try {
            RunningService.start(services);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        return Commands.KEEP_RUNNING;
    }
}
