package dev.opencic.bench.cli;

import picocli.CommandLine.Option;

/** How many devices a load generator opens, how fast, and on how many client threads. */
public final class FleetOptions {

    /** Whether devices authenticate against CIC or talk to {@code BareEventServer} without tokens. */
    public enum Mode { CIC, BARE }

    @Option(names = "--devices", paramLabel = "N", description = "Devices, each its own HTTP/2 connection (default: ${DEFAULT-VALUE}).")
    public int devices;

    @Option(names = "--mode", paramLabel = "cic|bare",
            description = "cic: each device with its own access token; bare: no tokens, against BareEventServer (default: cic).")
    public Mode mode = Mode.CIC;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Token requests and connection opens in flight at once (default: ${DEFAULT-VALUE}).")
    public int concurrency = 32;

    @Option(names = "--threads", paramLabel = "N", description = "Client event-loop threads (default: ${DEFAULT-VALUE}).")
    public int threads = 2;

    public FleetOptions() {
        this(1000);
    }

    /** With another default device count. */
    public FleetOptions(int devices) {
        this.devices = devices;
    }

    public boolean bare() {
        return mode == Mode.BARE;
    }
}
