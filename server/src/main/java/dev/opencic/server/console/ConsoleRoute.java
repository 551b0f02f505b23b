package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpMethod;
import dev.opencic.server.console.ConsoleService.Access;
import java.util.Set;

/**
 * One console route as {@link ConsoleModule#routes()} lists it: every page and form registered
 * through {@code ConsoleModule.route(...)} appears here, so the route-wide security test
 * (ConsoleRoutesTest) covers routes added later without being told.
 */
record ConsoleRoute(String path, Access access, Set<HttpMethod> methods) {
    ConsoleRoute {
        methods = Set.copyOf(methods);
    }
}
