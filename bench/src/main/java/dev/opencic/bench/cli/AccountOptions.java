package dev.opencic.bench.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The account and OAuth client the load generators issue device tokens with (one login, then
 * {@code /authorize} + {@code /token} per device): what {@code cic admin user add} and
 * {@code client add} created.
 */
public final class AccountOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--username", paramLabel = "U", description = "The account's user name.")
    public String username;

    @Option(names = "--password", paramLabel = "P", description = "The account's password.")
    public String password;

    @Option(names = "--client-id", paramLabel = "C", description = "The OAuth client's id.")
    public String clientId;

    @Option(names = "--client-secret", paramLabel = "S", description = "The OAuth client's secret.")
    public String clientSecret;

    /** Fails as a usage error unless all four are given (they are optional where a mode needs no tokens). */
    public void require() {
        if (username == null || password == null || clientId == null || clientSecret == null) {
            throw new ParameterException(spec.commandLine(),
                    "--username, --password, --client-id and --client-secret are required");
        }
    }
}
