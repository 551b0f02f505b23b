package dev.opencic.protocol.multipart;

import java.util.Locale;

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
     * if there is none.
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
            String paramName = header.substring(nameStart, j).trim();
            if (j >= n || header.charAt(j) == ';') {
                i = j + 1; // parameter without a value: ignore
                continue;
            }
            j = skipSpace(header, j + 1);
            String value;
            if (j < n && header.charAt(j) == '"') {
                StringBuilder sb = new StringBuilder();
                j++;
                while (j < n && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        c = header.charAt(++j);
                    }
                    sb.append(c);
                    j++;
                }
                value = sb.toString();
                i = skipToNextParam(header, j);
            } else {
                int end = header.indexOf(';', j);
                if (end < 0) {
                    end = n;
                }
                value = header.substring(j, end).trim();
                i = end + 1;
            }
            if (paramName.toLowerCase(Locale.ROOT).equals(name)) {
                return value;
            }
        }
        return null;
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
