package dev.opencic.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesOfOneToAHundredMillisecondsAreExactToATenthOfAPercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 100; ms >= 1; ms--) {
            h.recordMillis(ms);
        }

        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentileMillis(50)).isCloseTo(50, within(0.05));
        assertThat(h.percentileMillis(90)).isCloseTo(90, within(0.09));
        assertThat(h.percentileMillis(99)).isCloseTo(99, within(0.1));
        assertThat(h.maxMillis()).isCloseTo(100, within(0.1));
    }

    @Test
    void theSummaryLineNamesTheFivePercentiles() {
        LatencyHistogram h = LatencyHistogram.ofMillis(List.of(2.0, 4.0, Double.NaN));

        assertThat(h.count()).isEqualTo(2);
        assertThat(h.summary("lat_ms_")).isEqualTo("lat_ms_p50=2.0 p90=4.0 p95=4.0 p99=4.0 max=4.0");
    }

    @Test
    void anEmptyHistogramReportsZeroAndANegativeLatencyCountsAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMillis(50)).isZero();
        assertThat(h.maxMillis()).isZero();

        h.recordNanos(-5_000_000);
        assertThat(h.count()).isEqualTo(1);
        assertThat(h.maxMillis()).isZero();
    }
}
