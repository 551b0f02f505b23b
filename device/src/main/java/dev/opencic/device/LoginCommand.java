package dev.opencic.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.CicClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code login}: saves the server and client credentials to {@code device.json} (the device id is
 * generated once and kept) and runs the SDK's login flow; the tokens land in {@code tokens.json}.
 * The password comes from stdin (without echo on a console).
 */
@Command(name = "login", description = "Log this device in: the password is read from stdin, or with --browser a "
        + "person approves a code in the web console.")
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    DeviceMain main;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "e.g. http://localhost:8080")
    String server;

    @Option(names = "--user", paramLabel = "NAME", description = "The account (needed without --browser).")
    String user;

    @Option(names = "--browser", description = "Print \"Open URL and enter CODE\" and wait until the code is approved "
            + "in the web console (exit 0), or denied or expired (exit 3). No password on the device.")
    boolean browser;

    @Option(names = "--client-id", required = true, paramLabel = "ID")
    String clientId;

    @Option(names = "--client-secret", required = true, paramLabel = "SECRET")
    String clientSecret;

    @Option(names = "--model-id", paramLabel = "ID", description = "Device model id; default " + DeviceConfig.DEFAULT_MODEL_ID)
    String modelId;

    @Option(names = "--ca-cert", paramLabel = "PEM",
            description = "Trust the certificate(s) in this PEM file for an https:// server, e.g. the server's "
                    + "<data-dir>/tls/self-signed-cert.pem")
    java.nio.file.Path caCert;

    @Override
    public Integer call() throws Exception {
        DeviceConfig config = main.config();
        config.ensureDir();
        DeviceConfig.Settings settings = new DeviceConfig.Settings(server.strip(), clientId.strip(), clientSecret,
                config.deviceIdOrNew(), modelId != null ? modelId : DeviceConfig.DEFAULT_MODEL_ID,
                caCert != null ? caCert.toAbsolutePath().toString() : null);
        if (browser) {
            return browserLogin(config, settings);
        }
        if (user == null) {
            throw new DeviceException(DeviceException.USAGE, "login needs --user NAME (or --browser)");
        }
        CicClient.Builder b = DeviceSession.builder(config, settings, main.connectTimeout());
        char[] password = main.readPassword("Password for " + user + ": ");
        try (CicClient client = b.build()) {
            client.login(user, new String(password));
        } catch (Exception e) {
            throw DeviceException.from(e, settings.serverUrl());
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        config.save(settings);
        if (main.json) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.putObject("login").put("server", settings.serverUrl()).put("user", user)
                    .put("device_id", settings.deviceId()).put("config_dir", config.dir().toString());
            main.out().println(n);
        } else {
            main.out().println("Logged in as " + user + " on " + settings.serverUrl() + " (device "
                    + settings.deviceId() + ", state in " + config.dir() + ")");
        }
        main.out().flush();
        return 0;
    }

    /** The device authorisation grant; the device's tokens are saved only once approved. */
    private int browserLogin(DeviceConfig config, DeviceConfig.Settings settings) throws Exception {
        dev.opencic.client.Tokens tokens;
        try {
            tokens = new BrowserLogin(settings, main.connectTimeout()).run(main.out());
        } catch (DeviceException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw DeviceException.from(e, settings.serverUrl());
        }
        config.save(settings);
        config.tokenStore().save(tokens);
        // stdout carries exactly the one "Open URL and enter CODE" line; the outcome goes to stderr.
        main.err().println("Logged in on " + settings.serverUrl() + " (device " + settings.deviceId() + ", state in "
                + config.dir() + ")");
        main.err().flush();
        return 0;
    }
}
