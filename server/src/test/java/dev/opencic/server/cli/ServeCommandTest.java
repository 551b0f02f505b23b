package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `cic serve` refuses a bad start in one line a person can act on. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aMistakeInTheWordsFileStopsTheStartWithItsLine() throws Exception {
        Path words = Files.writeString(dir.resolve("words.txt"), "person morag\nfriend bob\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--data-dir", dir.resolve("data").toString(), "--port", "0",
                "--tls-port", "-1", "--set", "asr-words=" + words);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("cic: asr-words " + words
                + ":2: unknown kind 'friend' (a line is: person NAME, or place NAME, then optionally = PHONES)");
        assertThat(dir.resolve("data")).as("nothing was opened").doesNotExist();
    }

    @Test
    void aMissingWordsFileIsNamed() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--data-dir", dir.resolve("data").toString(), "--port", "0",
                "--tls-port", "-1", "--set", "asr-words=" + dir.resolve("none.txt"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("cic: asr-words: no such file: " + dir.resolve("none.txt"));
    }

    @Test
    void aPronunciationWithAPhoneTheModelLacksIsRefusedBeforeTheStart() throws Exception {
        // it would otherwise leave speech recognition unable to start, with only a log line to say why
        Path words = Files.writeString(dir.resolve("words.txt"), "person chioma = CH IY OW M AX\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--data-dir", dir.resolve("data").toString(), "--port", "0",
                "--tls-port", "-1", "--set", "asr-words=" + words);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("cic: asr-words " + words
                + ": the pronunciation of 'chioma' has 'AX', which is not a phone of the en-us model: AA AE AH");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
