package dev.opencic.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 loses acknowledged commits after kill -9 and {@link H2CrashRecovery} gets them back, on a real
 * file: {@code probe-killed-trial-11.mv.db.gz} is the database exactly as {@code kill -9} left it in
 * trial 11 of {@code bench durability.H2CrashProbe} (two writers, H2 2.5.252, {@code WRITE_DELAY=0}).
 * Both writers had each seen their first row's INSERT return in autocommit; the newest chunk, which
 * holds them, was written in the middle of the file, and the header H2 rewrote after it still points
 * at the chunk before.
 */
class H2CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void h2AloneOpensTheFileWithoutTheTwoAcknowledgedRows() throws Exception {
        Path file = killedFile();
        // If this fails, H2 finds its newest commit itself now (a fixed H2): H2CrashRecovery may go.
        assertThat(rowsOfTrial11(file)).isEmpty();
    }

    @Test
    void afterRecoveryH2OpensTheNewestCommitWithBothAcknowledgedRows() throws Exception {
        Path file = killedFile();
        assertThat(H2CrashRecovery.closedCleanly(file)).isFalse();
        assertThat(H2CrashRecovery.recoverNewestCommit(file)).isPositive();
        assertThat(rowsOfTrial11(file)).containsExactly("0/0", "1/0");
        // closed cleanly now (by the recovery, then by H2): nothing to scan, and the rows stay
        assertThat(H2CrashRecovery.closedCleanly(file)).isTrue();
        assertThat(H2CrashRecovery.recoverNewestCommit(file)).isEqualTo(-1);
        assertThat(rowsOfTrial11(file)).containsExactly("0/0", "1/0");
    }

    @Test
    void aFileThatIsNotThereYetOrInUseIsLeftAlone() throws Exception {
        assertThat(H2CrashRecovery.recoverNewestCommit(dir.resolve("none.mv.db"))).isEqualTo(-1);
        Path file = killedFile();
        String url = "jdbc:h2:file:" + file.toString().replace(".mv.db", "");
        try (Connection open = DriverManager.getConnection(url, "sa", "")) {
            assertThat(H2CrashRecovery.recoverNewestCommit(file)).isEqualTo(-1);
            assertThat(open.isValid(1)).isTrue();
        }
    }

    private Path killedFile() throws Exception {
        Path file = dir.resolve("probe.mv.db");
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/h2/probe-killed-trial-11.mv.db.gz"))) {
            Files.copy(in, file);
        }
        return file;
    }

    /** The probe's rows of trial 11 as "writer/seq", opened the way the probe's check opens it. */
    private static List<String> rowsOfTrial11(Path file) throws Exception {
        String url = "jdbc:h2:file:" + file.toString().replace(".mv.db", "");
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT writer, seq FROM w WHERE trial = 11 ORDER BY writer, seq")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "/" + rs.getInt(2));
            }
        }
        return rows;
    }
}
