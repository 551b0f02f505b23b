package dev.opencic.server.skill.clock;

import dev.opencic.server.nlu.TextNormalizer;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The time zone of a city a user names ("what time is it in Tokyo"): a small table of the world's
 * large and well-known cities and a few countries with one zone, then any tz name's last part
 * ("Lisbon" is Europe/Lisbon). No lookup service: the answer must not depend on the network.
 */
final class WorldCities {

    private WorldCities() {}

    private static final Map<String, String> ZONES = new HashMap<>();

    private static void put(String zone, String... names) {
        for (String n : names) {
            ZONES.put(n, zone);
        }
    }

    static {
        put("Asia/Tokyo", "tokyo", "japan", "osaka", "kyoto");
        put("Asia/Seoul", "seoul", "korea", "south korea");
        put("Asia/Shanghai", "beijing", "shanghai", "china");
        put("Asia/Hong_Kong", "hong kong");
        put("Asia/Taipei", "taipei", "taiwan");
        put("Asia/Singapore", "singapore");
        put("Asia/Bangkok", "bangkok", "thailand");
        put("Asia/Jakarta", "jakarta");
        put("Asia/Manila", "manila", "philippines");
        put("Asia/Kolkata", "india", "delhi", "new delhi", "mumbai", "bombay", "bangalore", "bengaluru",
                "chennai", "kolkata", "calcutta", "hyderabad");
        put("Asia/Karachi", "karachi", "pakistan");
        put("Asia/Dubai", "dubai", "abu dhabi");
        put("Asia/Jerusalem", "jerusalem", "tel aviv", "israel");
        put("Europe/Istanbul", "istanbul", "turkey");
        put("Europe/Moscow", "moscow");
        put("Europe/London", "london", "england", "uk", "the uk", "britain", "edinburgh", "glasgow", "manchester");
        put("Europe/Dublin", "dublin", "ireland");
        put("Europe/Paris", "paris", "france");
        put("Europe/Berlin", "berlin", "germany", "munich", "frankfurt", "hamburg");
        put("Europe/Madrid", "madrid", "spain", "barcelona");
        put("Europe/Rome", "rome", "italy", "milan");
        put("Europe/Amsterdam", "amsterdam", "the netherlands", "netherlands");
        put("Europe/Zurich", "zurich", "switzerland", "geneva");
        put("Europe/Stockholm", "stockholm", "sweden");
        put("Europe/Athens", "athens", "greece");
        put("Africa/Cairo", "cairo", "egypt");
        put("Africa/Lagos", "lagos", "nigeria", "abuja");
        put("Africa/Nairobi", "nairobi", "kenya");
        put("Africa/Johannesburg", "johannesburg", "cape town", "south africa");
        put("America/New_York", "new york", "new york city", "nyc", "boston", "washington", "miami", "atlanta",
                "toronto", "montreal", "philadelphia", "detroit");
        put("America/Chicago", "chicago", "dallas", "houston", "texas", "austin", "iowa", "winnipeg");
        put("America/Denver", "denver");
        put("America/Phoenix", "phoenix", "arizona");
        put("America/Los_Angeles", "los angeles", "la", "san francisco", "seattle", "california", "vancouver",
                "las vegas", "san diego", "portland");
        put("America/Anchorage", "anchorage", "alaska");
        put("Pacific/Honolulu", "honolulu", "hawaii");
        put("America/Mexico_City", "mexico city", "mexico");
        put("America/Sao_Paulo", "sao paulo", "rio de janeiro", "rio", "brazil");
        put("America/Argentina/Buenos_Aires", "buenos aires", "argentina");
        put("America/Lima", "lima", "peru");
        put("America/Bogota", "bogota", "colombia");
        put("Australia/Sydney", "sydney", "canberra");
        put("Australia/Melbourne", "melbourne");
        put("Australia/Brisbane", "brisbane");
        put("Australia/Perth", "perth");
        put("Pacific/Auckland", "auckland", "wellington", "new zealand");
    }

    /** The zone of the place, and how to say the place. */
    record City(ZoneId zone, String spokenName) {}

    static Optional<City> find(String said) {
        if (said == null) {
            return Optional.empty();
        }
        String s = TextNormalizer.normalize(said).replaceFirst("^the city of ", "").strip();
        String zone = ZONES.get(s);
        if (zone == null) {
            String asTzName = s.replace(' ', '_');
            zone = ZoneId.getAvailableZoneIds().stream()
                    .filter(z -> z.substring(z.lastIndexOf('/') + 1).equalsIgnoreCase(asTzName))
                    .findFirst().orElse(null);
        }
        return zone == null ? Optional.empty()
                : Optional.of(new City(ZoneId.of(zone), s.length() <= 3 ? s.toUpperCase() : CalendarDays.capitalized(s)));
    }
}
