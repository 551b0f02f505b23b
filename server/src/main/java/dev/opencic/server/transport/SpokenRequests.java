package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.api.CicException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spoken requests in progress per device, so that one device cannot hold every recogniser while the
 * other devices of its household (each counted on its own) still can speak at once.
 */
final class SpokenRequests {

    private final int perDevice;
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    SpokenRequests(int perDevice) {
        this.perDevice = perDevice;
    }

    /**
     * Counts a spoken request of this device.
     *
     * @throws CicException {@code 429} with a retry-after when the device already has its share
     */
    void begin(String deviceKey) {
        boolean[] admitted = new boolean[1];
        inProgress.compute(deviceKey, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perDevice) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            throw new CicException(HttpStatus.TOO_MANY_REQUESTS, "this device already has " + perDevice
                    + " spoken request" + (perDevice == 1 ? "" : "s") + " in progress; finish "
                    + (perDevice == 1 ? "it" : "one") + " first", Duration.ofSeconds(1));
        }
    }

    void end(String deviceKey) {
        inProgress.computeIfPresent(deviceKey, (k, n) -> n <= 1 ? null : n - 1);
    }

    int size() {
        return inProgress.size();
    }
}
