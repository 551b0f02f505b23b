package dev.opencic.server.skill.music;

/** One HTTP byte range ({@code Range: bytes=...}) resolved against a file size. */
final class ByteRange {

    private ByteRange() {}

    /**
     * @return {first, last} (inclusive, within the file), or null when the header is malformed,
     *         asks for several ranges, or lies outside the file
     */
    static long[] parse(String header, long size) {
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).strip();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        try {
            if (a.isEmpty()) {
                // Suffix: the last n bytes.
                long n = parseDigits(b);
                if (n <= 0 || size == 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - n), size - 1};
            }
            long first = parseDigits(a);
            long last = b.isEmpty() ? size - 1 : parseDigits(b);
            if (first >= size || last < first) {
                return null;
            }
            return new long[] {first, Math.min(last, size - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseDigits(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
