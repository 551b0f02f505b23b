package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimeExpressions;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * A slot's words as the extension gets them, by type: a custom type's canonical value; {@code time}
 * as {@code HH:mm:ss} and {@code date} as {@code yyyy-MM-dd} (with CEK's {@code valueType} TIME /
 * DATE), resolved in the device's zone as the built-in skills resolve them ("tomorrow", "at 7 pm");
 * {@code duration} as ISO-8601 ({@code PT10M}); {@code number} in digits; {@code city} and
 * {@code person} as said. A time, date, duration or number that does not resolve is sent as said.
 */
final class SlotValues {

    private static final List<String> UNITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen");
    private static final List<String> TENS = List.of("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
            "eighty", "ninety");

    private SlotValues() {}

    static ObjectNode slot(String name, String type, String text, ExtensionModel model, ZonedDateTime now) {
        ObjectNode slot = MessageCodec.mapper().createObjectNode().put("name", name);
        String canonical = model.canonical(type, text);
        if (canonical != null) {
            return slot.put("value", canonical);
        }
        switch (type) {
            case "time" -> {
                TimeExpression t = TimeExpressions.parse(text, now);
                Optional<String> v = t.timeOfDay().map(x -> x.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
                if (v.isPresent()) {
                    return slot.put("value", v.get()).put("valueType", "TIME");
                }
            }
            case "date" -> {
                TimeExpression t = TimeExpressions.parse(text, now);
                Optional<String> v = t.date().or(() -> t.dateTime().map(ZonedDateTime::toLocalDate))
                        .map(d -> d.format(DateTimeFormatter.ISO_LOCAL_DATE));
                if (v.isPresent()) {
                    return slot.put("value", v.get()).put("valueType", "DATE");
                }
            }
            case "duration" -> {
                Optional<String> v = TimeExpressions.parse(text, now).duration().map(Object::toString);
                if (v.isPresent()) {
                    return slot.put("value", v.get());
                }
            }
            case "number" -> {
                String digits = number(TextNormalizer.normalize(text));
                if (digits != null) {
                    return slot.put("value", digits);
                }
            }
            default -> { }
        }
        return slot.put("value", text);
    }

    /** "42", "forty two", "seven" as digits; null for anything else. */
    static String number(String words) {
        if (words.matches("-?\\d+(\\.\\d+)?")) {
            return words;
        }
        String[] parts = words.split(" ");
        int tens = parts.length >= 1 ? TENS.indexOf(parts[0]) : -1;
        if (parts.length == 1) {
            int unit = UNITS.indexOf(parts[0]);
            return unit >= 0 ? Integer.toString(unit) : tens >= 2 ? Integer.toString(tens * 10) : null;
        }
        if (parts.length == 2 && tens >= 2) {
            int unit = UNITS.indexOf(parts[1]);
            return unit >= 1 && unit <= 9 ? Integer.toString(tens * 10 + unit) : null;
        }
        return null;
    }
}
