package dev.opencic.bench.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The CIC server a load generator talks to. */
public final class ServerOptions {

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The server's base URL, e.g. http://127.0.0.1:8080 (cleartext: devices use h2c).")
    public String url;

    public URI uri() {
        return URI.create(url);
    }
}
