package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `cic serve` refuses a bad start in one line a person can act on, before it opens anything. */
class ServeCommandTest {

    @TempDir
    Path dir;

    /** Runs `serve` with the words file; returns what it printed on stderr, after checking it failed. */
    String serveFailing(Path words) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("serve", "--data-dir", dir.resolve("data").toString(), "--port", "0",
                "--tls-port", "-1", "--set", "asr-words=" + words);
        assertThat(code).isEqualTo(1);
        assertThat(dir.resolve("data")).as("nothing was opened").doesNotExist();
        return err.toString().strip();
    }

    @Test
    void aMistakeInTheWordsFileStopsTheStartWithItsLine() throws Exception {
        Path words = Files.writeString(dir.resolve("words.txt"), "person morag\nfriend bob\n");
        assertThat(serveFailing(words)).isEqualTo("cic: asr-words " + words
                + ":2: unknown kind 'friend' (a line is: person NAME, or place NAME, then optionally = PHONES)");
    }

    @Test
    void aMissingWordsFileIsNamed() {
        assertThat(serveFailing(dir.resolve("none.txt")))
                .isEqualTo("cic: asr-words: no such file: " + dir.resolve("none.txt"));
    }

    @Test
    void aPronunciationWithAPhoneTheModelLacksIsRefusedBeforeTheStart() throws Exception {
        // it would otherwise leave speech recognition unable to start, with only a log line to say why
        Path words = Files.writeString(dir.resolve("words.txt"), "person chioma = CH IY OW M AX\n");
        assertThat(serveFailing(words)).startsWith("cic: asr-words " + words
                + ": the pronunciation of 'chioma' has 'AX', which is not a phone of the en-us model: AA AE AH");
    }
}
