package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.auth.ClientService;
import dev.opencic.server.auth.DeviceCodeGrant;
import dev.opencic.server.auth.TokenService;
import dev.opencic.server.store.Client;
import java.util.List;
import java.util.Optional;

/**
 * Linking a device as a person does it: the device code page (enter the code the device shows, see
 * which client and device asks, approve or deny) and the consent page of the reference's
 * authorisation-code flow ({@code /authorize} opened in a browser), both for the signed-in account.
 */
final class DeviceLinkPages {

    private static final int MAX_STATE_LENGTH = 1024;

    private final ConsolePages pages;
    private final DeviceCodeGrant deviceCodes;
    private final ClientService clients;
    private final TokenService tokens;

    DeviceLinkPages(ConsolePages pages, DeviceCodeGrant deviceCodes, ClientService clients, TokenService tokens) {
        this.pages = pages;
        this.deviceCodes = deviceCodes;
        this.clients = clients;
        this.tokens = tokens;
    }

    /** GET: the code form, or the request behind {@code ?code=}; POST: approve or deny it. */
    HttpResponse deviceCode(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        String code = r.param("code");
        if (!r.isPost()) {
            Optional<DeviceCodeGrant.PendingDevice> pending = code == null ? Optional.empty() : deviceCodes.pending(code);
            if (code != null && pending.isEmpty()) {
                return pages.page(HttpStatus.NOT_FOUND, "device.jte", List.of(), "user", user, "pending", null,
                        "error", "No device is waiting with that code: it may have expired. Ask the device for a new one.");
            }
            return pages.page("device.jte", "user", user, "pending", pending.orElse(null), "error", null);
        }
        if (code == null) {
            throw new ConsoleException(400, "The code is missing.");
        }
        String decision = r.required("decision", "The decision");
        boolean done;
        switch (decision) {
            case "approve" -> done = deviceCodes.approve(code, user.accountId());
            case "deny" -> done = deviceCodes.deny(code);
            default -> throw new ConsoleException(400, "The decision must be approve or deny.");
        }
        if (!done) {
            throw new ConsoleException(404, "No device is waiting with that code: it may have expired.");
        }
        String message = "approve".equals(decision)
                ? "The device is linked to your account. It will be ready in a moment."
                : "The device was not linked.";
        return pages.page("done.jte", "user", user, "title", "Link a device", "message", message);
    }

    /**
     * The authorisation-code flow's consent page: the reference's {@code /authorize} parameters
     * ({@code client_id}, {@code device_id}, {@code model_id}, {@code response_type=code}, {@code
     * state}); approving shows the code and state for the app that asked.
     */
    HttpResponse authorize(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        String clientId = r.required("client_id", "client_id");
        String deviceId = r.required("device_id", "device_id");
        String modelId = r.param("model_id");
        String state = r.required("state", "state");
        if (!"code".equals(r.param("response_type"))) {
            throw new ConsoleException(400, "response_type must be code.");
        }
        if (state.length() > MAX_STATE_LENGTH || deviceId.length() > TokenService.MAX_DEVICE_ID_LENGTH) {
            throw new ConsoleException(400, "A parameter is too long.");
        }
        Client client = clients.find(clientId)
                .orElseThrow(() -> new ConsoleException(400, "No client with that client_id is registered here."));
        if (!r.isPost()) {
            return pages.page("consent.jte", "user", user, "clientName", client.name(), "clientId", clientId,
                    "deviceId", deviceId, "modelId", modelId, "state", state);
        }
        if (!"approve".equals(r.param("decision"))) {
            return pages.page("done.jte", "user", user, "title", "Authorisation", "message", "Nothing was authorised.");
        }
        String code = tokens.createAuthorizationCode(user.accountId(), clientId, deviceId, modelId);
        return pages.page("authorized.jte", "user", user, "clientName", client.name(), "code", code, "state", state);
    }
}
