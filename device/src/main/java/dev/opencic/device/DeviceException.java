package dev.opencic.device;

import dev.opencic.client.CicException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failure that ends a command: its exit code and the one line printed on stderr. {@link
 * #serverCode()} is the {@code System.Exception} code when the server said what was wrong, for the
 * {@code --json} error line.
 */
final class DeviceException extends Exception {

    /** Exit codes; documented in device/README.md. */
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_AUTHORIZED = 3;
    static final int UNREACHABLE = 4;

    private final int exitCode;
    private final Integer serverCode;
    private final String description;

    DeviceException(int exitCode, String message) {
        this(exitCode, null, message, null);
    }

    DeviceException(int exitCode, Integer serverCode, String message, Throwable cause) {
        this(exitCode, serverCode, message, message, cause);
    }

    /** {@code description} is the server's own words (for --json), {@code message} the line for stderr. */
    DeviceException(int exitCode, Integer serverCode, String message, String description, Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
        this.serverCode = serverCode;
        this.description = description;
    }

    /** What went wrong without the decoration of the stderr line: the server's description if it gave one. */
    String description() {
        return description;
    }

    int exitCode() {
        return exitCode;
    }

    Integer serverCode() {
        return serverCode;
    }

    static DeviceException notLoggedIn(DeviceConfig config) {
        return new DeviceException(NOT_AUTHORIZED, "not logged in (no tokens in " + config.dir()
                + "): run 'cic device login --server URL --user NAME --client-id ID --client-secret S'");
    }

    /** The exception for a failure of a call to {@code server}, with a one-line message. */
    static DeviceException from(Throwable t, String server) {
        Throwable c = unwrap(t);
        if (c instanceof DeviceException d) {
            return d;
        }
        if (c instanceof CicException e) {
            if (isRefused(e)) {
                return new DeviceException(NOT_AUTHORIZED, e.code(), "refused by " + server + " (401): "
                        + oneLine(e.description()) + "; log in again with 'cic device login'", oneLine(e.description()), e);
            }
            return new DeviceException(FAILED, e.code(), "server error " + e.code() + ": "
                    + oneLine(e.description()), oneLine(e.description()), e);
        }
        if (c instanceof java.util.concurrent.TimeoutException) {
            return new DeviceException(FAILED, null, "no answer from " + server + " in time", c);
        }
        for (Throwable x = c; x != null && x.getCause() != x; x = x.getCause()) {
            if (x instanceof javax.net.ssl.SSLException) {
                boolean untrusted = x instanceof javax.net.ssl.SSLHandshakeException
                        && String.valueOf(x.getMessage()).contains("certification path");
                return new DeviceException(FAILED, null, "cannot connect securely to " + server + ": "
                        + (untrusted ? "its certificate is not trusted (log in with --ca-cert PEM, e.g. the server's "
                        + "<data-dir>/tls/self-signed-cert.pem)" : oneLine(describe(x))), x);
            }
        }
        if (isUnreachable(c)) {
            return new DeviceException(UNREACHABLE, null, "server unreachable at " + server + ": "
                    + oneLine(describe(c)), c);
        }
        if (c instanceof IOException) {
            return new DeviceException(FAILED, null, oneLine(describe(c)), c);
        }
        return new DeviceException(FAILED, null, "unexpected error: " + oneLine(describe(c)), c);
    }

    /**
     * Whether the server refused the device's credentials: a {@code 401}, or the token endpoint
     * rejecting the refresh token ({@code 400 invalid_grant}, which the SDK reports through {@code
     * onAuthenticationFailed} and by stopping the client).
     */
    static boolean isRefused(Throwable t) {
        Throwable c = unwrap(t);
        if (!(c instanceof CicException e)) {
            return false;
        }
        return e.httpStatus() == 401 || (e.httpStatus() == 400 && e.description() != null
                && (e.description().startsWith("/token:") || e.description().startsWith("/authorize:")));
    }

    static boolean isUnreachable(Throwable c) {
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x instanceof ConnectException || x instanceof UnknownHostException
                    || x instanceof NoRouteToHostException || x instanceof SocketTimeoutException) {
                return true;
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
