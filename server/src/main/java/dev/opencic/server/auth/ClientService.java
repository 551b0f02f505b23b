package dev.opencic.server.auth;

import dev.opencic.server.store.Client;
import dev.opencic.server.store.ClientRepository;
import dev.opencic.server.store.DeviceToken;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered clients: creation (also used by {@code cic admin client add}) and client
 * authentication. Blocking; call off the event loop.
 */
public final class ClientService {

    private static final Logger log = LoggerFactory.getLogger(ClientService.class);

    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    private static final int MAX_SECRET_LENGTH = 256;
    /** An arbitrary valid-looking digest, compared against when the client is unknown. */
    private static final String DUMMY_DIGEST = Secrets.sha256("no such client");

    private final ClientRepository clients;
    private final Clock clock;

    public ClientService(ClientRepository clients, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Registers a client and returns its id and secret; the secret cannot be recovered later.
     *
     * @throws IllegalArgumentException if the name is blank, longer than 128 characters or contains
     *         control characters
     */
    public ClientCredentials createClient(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("client name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("client name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("client name must not contain control characters");
        }
        String clientId = Secrets.random(18); // 24 URL-safe characters; an identifier, not a secret
        String secret = Secrets.newSecret();
        clients.insert(new Client(clientId, name, Secrets.sha256(secret), clock.instant()));
        log.info("Created client {} ({})", clientId, name);
        return new ClientCredentials(clientId, secret, name);
    }

    /** Every registered client, by name (secrets only as digests). */
    public List<Client> list() {
        return clients.all();
    }

    /**
     * Gives the client a new secret and returns it (shown once, like at creation). The old secret stops
     * working at once: every token request authenticates against the stored digest. Tokens already
     * issued stay valid (rotating a leaked secret need not sign out every device).
     *
     * @return empty if there is no such client
     */
    public Optional<ClientCredentials> rotateSecret(String clientId) {
        Optional<Client> client = find(clientId);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        String secret = Secrets.newSecret();
        if (!clients.updateSecret(clientId, Secrets.sha256(secret))) {
            return Optional.empty();
        }
        log.info("event=ClientSecretRotated client={}", clientId);
        return Optional.of(new ClientCredentials(clientId, secret, client.get().name()));
    }

    /**
     * Deletes the client and everything issued to it; returns its tokens that were live. Callers go
     * through {@link TokenService#deleteClient}, which also signs those devices out at once.
     */
    Optional<List<DeviceToken>> delete(String clientId) {
        if (find(clientId).isEmpty()) {
            return Optional.empty();
        }
        Optional<List<DeviceToken>> live = clients.delete(clientId);
        live.ifPresent(tokens -> log.info("event=ClientDeleted client={} liveTokens={}", clientId, tokens.size()));
        return live;
    }

    public Optional<Client> find(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH) {
            return Optional.empty();
        }
        return clients.findById(clientId);
    }

    /**
     * The client, if the secret is right.
     *
     * @throws OAuthException {@link OAuthError#INVALID_CLIENT} for an unknown client or a wrong
     *         secret (the same error for both)
     */
    public Client authenticate(String clientId, String clientSecret) {
        Optional<Client> client = find(clientId);
        String presented = clientSecret == null || clientSecret.length() > MAX_SECRET_LENGTH
                           ? "" : clientSecret;
        String expected = client.map(Client::secretHash).orElse(DUMMY_DIGEST);
        boolean match = Secrets.digestsEqual(Secrets.sha256(presented), expected);
        if (client.isEmpty() || !match) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "client authentication failed");
        }
        return client.get();
    }
}
