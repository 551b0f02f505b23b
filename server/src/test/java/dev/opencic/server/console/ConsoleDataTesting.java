package dev.opencic.server.console;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.HeadlessBrowser;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;

/** What the data pages' browser test needs besides the browser: pushed directives, form values, music. */
final class ConsoleDataTesting {

    static final Duration PUSHED_WITHIN = Duration.ofSeconds(15);

    private ConsoleDataTesting() {}

    /** The next directive named {@code name} pushed on the downchannel, skipping others. */
    static Directive next(StreamedParts down, String name) throws Exception {
        long deadline = System.nanoTime() + PUSHED_WITHIN.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p == null || !p.isJson()) {
                continue;
            }
            Directive d = p.directive();
            if (d.header().qualifiedName().equals(name)) {
                return d;
            }
            seen.add(d.header().qualifiedName());
        }
        throw new AssertionError("no " + name + " within " + PUSHED_WITHIN + "; got " + seen);
    }

    /** Sets a form field's value as the page's own picker would (a time or date input's typing is locale-bound). */
    static void set(HeadlessBrowser browser, String cssSelector, String value) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1];",
                browser.find(cssSelector), value);
    }

    /** Two tagged tone tracks of one album, made with lame (installed with the speech engines). */
    static Path musicLibrary() {
        try {
            Path dir = Files.createTempDirectory("cic-console-music");
            ToneLibrary.write(dir, List.of(
                    new Song("Miles Davis/Kind of Blue/01.mp3", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1, 1, 440),
                    new Song("Miles Davis/Kind of Blue/03.mp3", "Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3, 1, 523)));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("the test's music library was not made", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
