package dev.opencic.protocol.multipart;

/**
 * Reads one parameter out of a header value shaped like {@code type; a=b; c="d"} (Content-Type,
 * Content-Disposition). Quoted strings may contain {@code ;} and backslash escapes. Extended
 * (RFC 2231 {@code name*=}) parameters are not decoded.
 */
final class HeaderParams {

    private HeaderParams() {}

    /** The part before the first {@code ;}, trimmed. */
    static String mainValue(String header) {
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim();
    }

    /**
     * Value of the first parameter named {@code name} (ASCII case-insensitive), unquoted, or null
     * if there is none. {@code name} must be lower case. Runs for every part of every event, so it
     * compares names in place and copies only the value it returns.
     */
    static String param(String header, String name) {
        int n = header.length();
        int i = skipToNextParam(header, 0);
        while (i < n) {
            // parameter name
            int nameStart = skipSpace(header, i);
            int j = nameStart;
            while (j < n && header.charAt(j) != '=' && header.charAt(j) != ';') {
                j++;
            }
            if (j >= n || header.charAt(j) == ';') {
                i = j + 1; // parameter without a value: ignore
                continue;
            }
            int nameEnd = j;
            while (nameEnd > nameStart && isSpace(header.charAt(nameEnd - 1))) {
                nameEnd--;
            }
            boolean wanted = nameEnd - nameStart == name.length() && equalsAsciiLowerCase(header, nameStart, name);
            j = skipSpace(header, j + 1);
            if (j < n && header.charAt(j) == '"') {
                int close = closingQuote(header, j + 1);
                if (wanted) {
                    return unquote(header, j + 1, close);
                }
                i = skipToNextParam(header, close);
            } else {
                int end = header.indexOf(';', j);
                if (end < 0) {
                    end = n;
                }
                if (wanted) {
                    return header.substring(j, end).trim();
                }
                i = end + 1;
            }
        }
        return null;
    }

    /** Index of the quote that closes a quoted string whose content starts at {@code from}, or the length. */
    private static int closingQuote(String s, int from) {
        int j = from;
        while (j < s.length() && s.charAt(j) != '"') {
            j += s.charAt(j) == '\\' && j + 1 < s.length() ? 2 : 1;
        }
        return Math.min(j, s.length());
    }

    private static String unquote(String s, int from, int to) {
        int escape = s.indexOf('\\', from);
        if (escape < 0 || escape >= to) {
            return s.substring(from, to);
        }
        StringBuilder sb = new StringBuilder(to - from);
        for (int j = from; j < to; j++) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < to) {
                c = s.charAt(++j);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Whether {@code s} at {@code from} holds {@code lower} with ASCII letters in any case. */
    static boolean equalsAsciiLowerCase(String s, int from, String lower) {
        if (from + lower.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            char c = s.charAt(from + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Index just past the next {@code ;} at or after {@code i}, or the length if there is none. */
    private static int skipToNextParam(String s, int i) {
        int semi = s.indexOf(';', i);
        return semi < 0 ? s.length() : semi + 1;
    }
}
