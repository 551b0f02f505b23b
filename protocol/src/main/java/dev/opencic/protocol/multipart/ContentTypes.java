package dev.opencic.protocol.multipart;

import java.util.Locale;

/**
 * Reads the media type and the multipart boundary out of a {@code Content-Type} header value, so
 * a server or client can set up a {@link MultipartParser} for a request or response body.
 */
public final class ContentTypes {

    private static final String BCHARS_EXTRA = "'()+_,-./:=? ";

    private ContentTypes() {}

    /**
     * The {@code boundary} parameter of a multipart content type such as {@code
     * multipart/form-data; boundary="abc"}; quoted or not, parameter name in any case.
     *
     * @throws MultipartException if the header is missing or blank, is not {@code multipart/*}, has
     *     no boundary, or the boundary is not valid per RFC 2046
     */
    public static String boundaryOf(String contentTypeHeader) throws MultipartException {
        String type = mediaType(contentTypeHeader);
        if (type == null) {
            throw new MultipartException("missing Content-Type");
        }
        if (!type.startsWith("multipart/")) {
            throw new MultipartException("expected a multipart content type such as multipart/form-data, got " + type);
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
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || BCHARS_EXTRA.indexOf(c) >= 0;
            if (!ok) {
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
