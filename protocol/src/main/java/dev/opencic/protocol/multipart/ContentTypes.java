package dev.opencic.protocol.multipart;

import java.util.Locale;

/**
 * Reads the media type and the multipart boundary out of a {@code Content-Type} header value, so
 * a server or client can set up a {@link MultipartParser} for a request or response body.
 */
public final class ContentTypes {

    /** RFC 2046 {@code bchars}, by character: letters, digits and {@code '()+_,-./:=?} and space. */
    private static final boolean[] BCHARS = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            BCHARS[c] = true;
            BCHARS[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BCHARS[c] = true;
        }
        for (char c : "'()+_,-./:=? ".toCharArray()) {
            BCHARS[c] = true;
        }
    }

    private ContentTypes() {}

    /**
     * The {@code boundary} parameter of a multipart content type such as {@code
     * multipart/form-data; boundary="abc"}; quoted or not, parameter name in any case.
     *
     * @throws MultipartException if the header is missing or blank, is not {@code multipart/*}, has
     *     no boundary, or the boundary is not valid per RFC 2046
     */
    public static String boundaryOf(String contentTypeHeader) throws MultipartException {
        if (contentTypeHeader == null || contentTypeHeader.isBlank()) {
            throw new MultipartException("missing Content-Type");
        }
        if (!HeaderParams.equalsAsciiLowerCase(contentTypeHeader, typeStart(contentTypeHeader), "multipart/")) {
            throw new MultipartException("expected a multipart content type such as multipart/form-data, got "
                    + mediaType(contentTypeHeader));
        }
        String boundary = HeaderParams.param(contentTypeHeader, "boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new MultipartException("missing boundary parameter in Content-Type: " + contentTypeHeader);
        }
        String problem = boundaryProblem(boundary);
        if (problem != null) {
            throw new MultipartException(problem);
        }
        return boundary;
    }

    /**
     * The lowercased {@code type/subtype} without parameters, for example {@code multipart/related}
     * for {@code Multipart/Related; boundary=x}; null if the header is null or blank.
     */
    public static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        return HeaderParams.mainValue(header).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the header's {@code type/subtype} is {@code lowerCaseType} (ASCII case-insensitive),
     * parameters aside: the same answer as {@code lowerCaseType.equals(mediaType(header))} without
     * building the lowercased string, for a check every request makes.
     */
    public static boolean hasMediaType(String header, String lowerCaseType) {
        if (header == null) {
            return false;
        }
        int start = typeStart(header);
        if (!HeaderParams.equalsAsciiLowerCase(header, start, lowerCaseType)) {
            return false;
        }
        for (int i = start + lowerCaseType.length(); i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == ';') {
                return true;
            }
            if (c > ' ') { // anything String.trim would keep
                return false;
            }
        }
        return true;
    }

    /** Index of the first character that is not leading white space (as {@link String#trim} sees it). */
    private static int typeStart(String header) {
        int i = 0;
        while (i < header.length() && header.charAt(i) <= ' ') {
            i++;
        }
        return i;
    }

    /**
     * Why {@code boundary} is not a valid RFC 2046 boundary (1 to 70 of {@code bchars}, not ending
     * in a space), or null if it is valid.
     */
    static String boundaryProblem(String boundary) {
        int n = boundary.length();
        if (n < 1 || n > 70) {
            return "multipart boundary must be 1 to 70 characters, got " + n + ": \"" + boundary + "\"";
        }
        for (int i = 0; i < n; i++) {
            char c = boundary.charAt(i);
            if (c >= BCHARS.length || !BCHARS[c]) {
                return "multipart boundary has a character not allowed by RFC 2046 at index " + i + ": \""
                        + boundary + "\"";
            }
        }
        if (boundary.charAt(n - 1) == ' ') {
            return "multipart boundary must not end with a space: \"" + boundary + "\"";
        }
        return null;
    }

    /** {@code boundary} as a parameter value, quoted if it holds characters a token cannot. */
    static String boundaryParam(String boundary) {
        for (int i = 0; i < boundary.length(); i++) {
            if ("()<>@,;:\\\"/[]?= ".indexOf(boundary.charAt(i)) >= 0) {
                return "\"" + boundary + "\"";
            }
        }
        return boundary;
    }
}
