package dev.opencic.bench.overload;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Text requests that change state and whose answers nobody has heard before: "note that ..." and
 * "remind me to ..." with words no other request of the run uses, so neither the answer cache nor
 * anything else can serve them from memory (each is matched, stored, and its answer synthesised).
 */
final class UniqueRequests {

    private static final List<String> WORDS = List.of("apple", "river", "candle", "garden", "window", "pepper",
            "violin", "pillow", "harbor", "jacket", "lemon", "marble", "needle", "orange", "pencil", "rabbit",
            "saddle", "ticket", "velvet", "walnut", "basket", "copper", "dragon", "feather", "ginger", "hammer",
            "island", "kettle", "ladder", "mirror", "nickel", "oyster");

    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    /** {@code runSalt} keeps two runs against the same database from repeating each other's texts. */
    UniqueRequests(long runSalt) {
        this.prefix = words(Math.floorMod(runSalt, 1L << 20), 4);
    }

    /** The next unique request: two notes for every reminder. */
    String next() {
        long n = next.getAndIncrement();
        String what = prefix + " " + words(n, 4);
        return n % 3 == 2 ? "remind me to buy " + what : "note that the " + what + " is in the cupboard";
    }

    private static String words(long n, int count) {
        StringBuilder s = new StringBuilder();
        long rest = n;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(WORDS.get((int) (rest % WORDS.size())));
            rest /= WORDS.size();
        }
        return s.toString();
    }
}
