package dev.opencic.device;

import dev.opencic.client.CicClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code logout}: revokes the device's tokens on the server and deletes them locally. When the
 * server cannot be reached the tokens are kept (so a later logout can revoke them) unless {@code
 * --forget} is given.
 */
@Command(name = "logout", description = "Revoke this device's tokens and forget them.")
final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    DeviceMain main;

    @Option(names = "--forget", description = "Delete the local tokens even if the server cannot be told")
    boolean forget;

    @Override
    public Integer call() throws Exception {
        DeviceConfig config = main.config();
        DeviceConfig.Settings settings = config.load();
        if (settings == null || config.tokenStore().load().isEmpty()) {
            say("{\"logout\":{\"was_logged_in\":false}}", "Not logged in; nothing to do.");
            return 0;
        }
        try (CicClient client = DeviceSession.builder(config, settings, main.connectTimeout()).build()) {
            client.logout();
        } catch (Exception e) {
            if (!forget) {
                DeviceException d = DeviceException.from(e, settings.serverUrl());
                throw new DeviceException(d.exitCode(), d.serverCode(), d.getMessage()
                        + " (tokens kept; use --forget to delete them anyway)", d.description(), e);
            }
            config.tokenStore().clear();
            main.err().println("cic device: warning: the server was not told ("
                    + DeviceException.oneLine(DeviceException.describe(DeviceException.unwrap(e)))
                    + "); local tokens deleted");
        }
        say("{\"logout\":{\"was_logged_in\":true}}", "Logged out.");
        return 0;
    }

    private void say(String json, String human) {
        main.out().println(main.json ? json : human);
        main.out().flush();
    }
}
