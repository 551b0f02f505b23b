package dev.opencic.server.skill;

import dev.opencic.server.nlu.TextNormalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Finds the items a spoken description refers to ("the memo about the wifi password"). */
public final class Mentions {

    private static final Set<String> FILLER = Set.of("the", "a", "an", "my", "about", "to", "that", "of", "for",
            "on", "in", "with", "one", "saying", "called");

    private Mentions() {}

    /**
     * The items whose text contains every meaningful word of {@code description} (articles and
     * the like ignored); all of them when the description has no such word.
     */
    public static <T> List<T> matching(List<T> items, Function<T, String> text, String description) {
        List<String> wanted = Arrays.stream(TextNormalizer.normalize(description).split(" "))
                .filter(w -> !w.isBlank() && !FILLER.contains(w)).toList();
        return items.stream().filter(item -> {
            Set<String> words = Set.of(TextNormalizer.normalize(text.apply(item)).split(" "));
            return words.containsAll(wanted);
        }).toList();
    }
}
