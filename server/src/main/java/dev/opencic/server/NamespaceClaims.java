package dev.opencic.server;

import dev.opencic.server.api.NamespaceHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who serves each namespace. One handler per namespace: a second claim, whether from a built-in
 * feature, a module or {@link CicServerBuilder#handler}, stops the build, and only an explicit
 * {@link CicServerBuilder#replace} takes a namespace over from its built-in handler.
 */
final class NamespaceClaims {

    private record Claim(NamespaceHandler handler, String claimant) {}

    private final Map<String, Claim> claims = new LinkedHashMap<>();

    /** @param claimant who claims it, for the error message ("SpeechRecognizer (built in)", a module's class) */
    void claim(NamespaceHandler handler, String claimant) {
        Claim previous = claims.putIfAbsent(handler.namespace(), new Claim(handler, claimant));
        if (previous != null) {
            throw new IllegalStateException(String.format(
                    "namespace %s: claimed by %s and by %s (expected: one handler per namespace; "
                    + "replace(\"%s\", handler) replaces a built-in one)",
                    handler.namespace(), previous.claimant(), claimant, handler.namespace()));
        }
    }

    /** The claimed handlers, each replacement in place of the one it replaces. */
    List<NamespaceHandler> handlers(Map<String, NamespaceHandler> replacements) {
        replacements.forEach((namespace, handler) -> {
            Claim replaced = claims.get(namespace);
            if (replaced == null) {
                throw new IllegalStateException(String.format(
                        "replace(\"%s\", handler): no handler of that namespace to replace (expected one of %s; "
                        + "handler(handler) adds a new namespace)", namespace, claims.keySet()));
            }
            claims.put(namespace, new Claim(handler, "replace()"));
        });
        return claims.values().stream().map(Claim::handler).toList();
    }
}
