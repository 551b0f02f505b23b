package dev.opencic.protocol.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentTypesTest {

    @Test
    void readsAnUnquotedBoundary() throws Exception {
        assertThat(ContentTypes.boundaryOf("multipart/form-data; boundary=abc123")).isEqualTo("abc123");
    }

    @Test
    void readsAQuotedBoundary() throws Exception {
        assertThat(ContentTypes.boundaryOf("multipart/related; boundary=\"a:b c\"")).isEqualTo("a:b c");
    }

    @Test
    void readsTheBoundaryAmongOtherParametersInAnyCaseAndSpacing() throws Exception {
        assertThat(ContentTypes.boundaryOf("Multipart/Related ;type=\"application/json\" ;  BOUNDARY = xyz ; start=\"<a>\""))
                .isEqualTo("xyz");
    }

    @Test
    void ignoresBoundaryTextInsideAnotherQuotedParameter() throws Exception {
        assertThat(ContentTypes.boundaryOf("multipart/mixed; note=\"x; boundary=evil\"; boundary=real")).isEqualTo("real");
    }

    @Test
    void rejectsAMissingContentType() {
        assertThatThrownBy(() -> ContentTypes.boundaryOf(null)).isInstanceOf(MultipartException.class)
                .hasMessage("missing Content-Type");
        assertThatThrownBy(() -> ContentTypes.boundaryOf("  ")).hasMessage("missing Content-Type");
    }

    @Test
    void rejectsANonMultipartType() {
        assertThatThrownBy(() -> ContentTypes.boundaryOf("text/plain; boundary=x"))
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("multipart/form-data")
                .hasMessageEndingWith("got text/plain");
    }

    @Test
    void rejectsAMultipartTypeWithoutBoundary() {
        assertThatThrownBy(() -> ContentTypes.boundaryOf("multipart/form-data; charset=utf-8"))
                .isInstanceOf(MultipartException.class)
                .hasMessageStartingWith("missing boundary parameter");
        assertThatThrownBy(() -> ContentTypes.boundaryOf("multipart/form-data; boundary=\"\""))
                .hasMessageStartingWith("missing boundary parameter");
    }

    @Test
    void rejectsABoundaryLongerThanSeventyCharacters() {
        assertThatThrownBy(() -> ContentTypes.boundaryOf("multipart/mixed; boundary=" + "a".repeat(71)))
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("1 to 70 characters");
    }

    @Test
    void reducesAHeaderToItsLowercaseMediaType() {
        assertThat(ContentTypes.mediaType("Multipart/Form-Data ; boundary=x")).isEqualTo("multipart/form-data");
        assertThat(ContentTypes.mediaType("application/json")).isEqualTo("application/json");
        assertThat(ContentTypes.mediaType(null)).isNull();
        assertThat(ContentTypes.mediaType("")).isNull();
    }

    @Test
    void answersWhetherAHeaderHasAMediaTypeAsMediaTypeWould() {
        String[] headers = {"multipart/form-data; boundary=x", "  Multipart/Form-Data ; boundary=x",
            "MULTIPART/FORM-DATA", "multipart/form-data\t", "multipart/form-datax; boundary=x",
            "multipart/form", "multipart/related; boundary=x", "application/json", "", "  ", "multipart/form-data x"};
        for (String h : headers) {
            assertThat(ContentTypes.hasMediaType(h, "multipart/form-data")).as(h)
                    .isEqualTo("multipart/form-data".equals(ContentTypes.mediaType(h)));
        }
        assertThat(ContentTypes.hasMediaType(null, "multipart/form-data")).isFalse();
    }

    @Test
    void readsAQuotedBoundaryWithEscapesAndSkipsParametersNamedAlike() throws Exception {
        assertThat(ContentTypes.boundaryOf("multipart/related; xboundary=no; boundaryx=no; boundary=\"a\\b\"")).isEqualTo("ab");
        assertThat(ContentTypes.boundaryOf("multipart/related; charset=\"a\\\"; boundary=no\"; Boundary = yes ")).isEqualTo("yes");
    }
}
