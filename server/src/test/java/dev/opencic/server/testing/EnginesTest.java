package dev.opencic.server.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.speech.asr.PocketSphinxEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The rule that keeps speech tests honest: a missing engine skips a test, except under CI, where it fails. */
class EnginesTest {

    private static final Engines ON_CI = new Engines("true");
    private static final Engines ON_A_DESK = new Engines(null);

    @Test
    void aMissingCommandFailsUnderCiNamingThePackageToInstall() {
        assertThatThrownBy(() -> ON_CI.command("opencic-no-such-encoder", "opencic-no-such-package"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("the opencic-no-such-encoder command is not on the PATH")
                .hasMessageContaining("apt-get install -y opencic-no-such-package")
                .hasMessageContaining("CI is set");
    }

    @Test
    void aMissingCommandSkipsTheTestWithoutCi() {
        assertThatThrownBy(() -> ON_A_DESK.command("opencic-no-such-encoder", "opencic-no-such-package"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y opencic-no-such-package");
        assertThatThrownBy(() -> new Engines("  ").command("opencic-no-such-encoder", "opencic-no-such-package"))
                .as("a blank CI variable is not set").isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aRecognizerWithoutItsModelFailsUnderCiWithTheEnginesOwnReason() {
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder()
                .modelDir(Path.of("/nonexistent/opencic-model")).build()) {
            assertThatThrownBy(() -> ON_CI.recognizer(engine))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining(engine.unavailableReason())
                    .hasMessageContaining("apt-get install -y " + Engines.POCKETSPHINX_PACKAGES);
            assertThatThrownBy(() -> ON_A_DESK.recognizer(engine)).isInstanceOf(TestAbortedException.class);
        }
    }

    @Test
    void whatIsThereLetsTheTestRunEitherWay() {
        assertThatCode(() -> ON_CI.command("sh", "dash")).doesNotThrowAnyException();
        assertThatCode(() -> ON_A_DESK.command("sh", "dash")).doesNotThrowAnyException();
        assertThatCode(() -> ON_CI.check(true, "nothing", "none")).doesNotThrowAnyException();
    }
}
