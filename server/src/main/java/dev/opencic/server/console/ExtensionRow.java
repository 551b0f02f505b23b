package dev.opencic.server.console;

import java.util.List;

/** One registered extension as the administration page lists it (by user name, the accounts it is disabled for). */
public record ExtensionRow(String name, String url, String invocation, List<String> disabledFor) {
    public ExtensionRow {
        disabledFor = List.copyOf(disabledFor);
    }
}
