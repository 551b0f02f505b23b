package dev.opencic.server.skill.devicecontrol;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The values of {@code number} slots as DeviceControl needs them: a level ("five", "twenty five",
 * "30", "a hundred") and a PIN, said digit by digit ("one two three four") or at once ("1234").
 */
final class SpokenNumbers {

    private static final Map<String, Integer> WORDS = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
            Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14), Map.entry("fifteen", 15),
            Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
            Map.entry("nineteen", 19), Map.entry("twenty", 20), Map.entry("thirty", 30), Map.entry("forty", 40),
            Map.entry("fifty", 50), Map.entry("sixty", 60), Map.entry("seventy", 70), Map.entry("eighty", 80),
            Map.entry("ninety", 90), Map.entry("a", 1), Map.entry("an", 1));

    private SpokenNumbers() {}

    /** A whole number up to 1000 ("twenty five" is 25, "a hundred" 100), or empty. */
    static OptionalInt level(String said) {
        if (said == null || said.isBlank()) {
            return OptionalInt.empty();
        }
        int total = 0;
        int current = 0;
        for (String word : said.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (word.matches("\\d{1,4}")) {
                current += Integer.parseInt(word);
            } else if (word.equals("hundred")) {
                current = Math.max(current, 1) * 100;
            } else if (WORDS.containsKey(word)) {
                current += WORDS.get(word);
            } else {
                return OptionalInt.empty();
            }
        }
        total += current;
        return total <= 1000 ? OptionalInt.of(total) : OptionalInt.empty();
    }

    /** The digits of a PIN: each word a digit or a run of digits; empty for anything else. */
    static String digits(String said) {
        if (said == null) {
            return "";
        }
        StringBuilder pin = new StringBuilder();
        for (String word : said.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (word.matches("\\d+")) {
                pin.append(word);
            } else if (WORDS.containsKey(word) && WORDS.get(word) < 10 && !word.startsWith("a")) {
                pin.append(WORDS.get(word));
            } else {
                return "";
            }
        }
        return pin.length() <= 16 ? pin.toString() : "";
    }
}
