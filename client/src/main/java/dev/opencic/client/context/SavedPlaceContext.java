package dev.opencic.client.context;

import dev.opencic.protocol.payload.Payload;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code Clova.SavedPlace}: the places the user saved, named {@code Home} or {@code Work}. */
public final class SavedPlaceContext extends SettableContext {

    private record Place(double latitude, double longitude, Instant refreshedAt) {}

    private final Map<String, Place> places = new LinkedHashMap<>();

    /** No places: the context is left out until one is saved. */
    public SavedPlaceContext() {
        super("Clova", "SavedPlace");
    }

    /** Saves (or replaces) a place. @throws IllegalArgumentException unless name is Home or Work */
    public synchronized void put(String name, double latitude, double longitude, Instant refreshedAt) {
        if (!"Home".equals(name) && !"Work".equals(name)) {
            throw new IllegalArgumentException("name: " + name + " (expected: Home or Work)");
        }
        places.put(name, new Place(latitude, longitude, Objects.requireNonNull(refreshedAt, "refreshedAt")));
    }

    /** Removes a place. */
    public synchronized void remove(String name) {
        places.remove(name);
    }

    @Override
    Payload payload() {
        if (places.isEmpty()) {
            return null;
        }
        return new ContextObjects.SavedPlace(places.entrySet().stream().map(e -> new ContextObjects.Place(
                Double.toString(e.getValue().latitude()), Double.toString(e.getValue().longitude()),
                e.getValue().refreshedAt().toString(), e.getKey())).toList());
    }
}
