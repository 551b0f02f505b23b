package dev.opencic.client.context;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    ObjectNode payload() {
        if (places.isEmpty()) {
            return null;
        }
        ObjectNode p = object();
        ArrayNode a = p.putArray("places");
        places.forEach((name, place) -> a.addObject().put("latitude", Double.toString(place.latitude()))
                .put("longitude", Double.toString(place.longitude()))
                .put("refreshedAt", place.refreshedAt().toString()).put("name", name));
        return p;
    }
}
