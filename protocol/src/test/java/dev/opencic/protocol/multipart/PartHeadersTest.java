package dev.opencic.protocol.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartHeadersTest {

    @Test
    void looksUpNamesIgnoringCase() {
        PartHeaders h = PartHeaders.of("Content-Type", "application/json");
        assertThat(h.get("content-type")).isEqualTo("application/json");
        assertThat(h.get("CONTENT-TYPE")).isEqualTo("application/json");
        assertThat(h.contentType()).isEqualTo("application/json");
        assertThat(h.get("Content-ID")).isNull();
    }

    @Test
    void keepsRepeatedHeadersInOrder() {
        PartHeaders h = PartHeaders.of("X-A", "1", "Content-Type", "text/plain", "x-a", "2");
        assertThat(h.get("X-A")).isEqualTo("1");
        assertThat(h.all("x-A")).containsExactly("1", "2");
        assertThat(h.all("missing")).isEmpty();
        assertThat(h.names()).containsExactly("X-A", "Content-Type");
        List<String> seen = new ArrayList<>();
        h.forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("X-A=1", "Content-Type=text/plain", "x-a=2");
        assertThat(h.size()).isEqualTo(3);
        assertThat(h).hasToString("PartHeaders{X-A: 1, Content-Type: text/plain, x-a: 2}");
    }

    @Test
    void stripsAngleBracketsFromTheContentId() {
        assertThat(PartHeaders.of("Content-ID", " <audio-1> ").contentId()).isEqualTo("audio-1");
        assertThat(PartHeaders.of("content-id", "plain").contentId()).isEqualTo("plain");
        assertThat(PartHeaders.of().contentId()).isNull();
    }

    @Test
    void readsTheDispositionNameQuotedOrNot() {
        assertThat(PartHeaders.of("Content-Disposition", "form-data; name=\"metadata\"").dispositionName())
                .isEqualTo("metadata");
        assertThat(PartHeaders.of("Content-Disposition", "form-data;name=audio;filename=a.wav").dispositionName())
                .isEqualTo("audio");
        assertThat(PartHeaders.of("Content-Disposition", "form-data; NAME = \"a\\\"b\"").dispositionName())
                .isEqualTo("a\"b");
    }

    @Test
    void doesNotMistakeOtherParametersForTheDispositionName() {
        assertThat(PartHeaders.of("Content-Disposition", "form-data; filename=\"x; name=evil\"; name=real")
                .dispositionName()).isEqualTo("real");
        assertThat(PartHeaders.of("Content-Disposition", "attachment; filename=a").dispositionName()).isNull();
        assertThat(PartHeaders.of().dispositionName()).isNull();
    }

    @Test
    void comparesNamesIgnoringCase() {
        assertThat(PartHeaders.of("A", "1")).isEqualTo(PartHeaders.of("a", "1")).hasSameHashCodeAs(PartHeaders.of("a", "1"));
        assertThat(PartHeaders.of("A", "1")).isNotEqualTo(PartHeaders.of("A", "2"));
    }

    @Test
    void rejectsHeadersThatWouldBreakTheFraming() {
        assertThatThrownBy(() -> PartHeaders.of("A")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd");
        assertThatThrownBy(() -> PartHeaders.of("A", "1\r\nInjected: yes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartHeaders.of("Bad Name", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> PartHeaders.of("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartHeaders.of("A", null)).isInstanceOf(NullPointerException.class);
    }
}
