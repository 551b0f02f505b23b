package dev.opencic.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds H2's newest commit after a crash before H2 opens the file, so that no commit H2 has
 * acknowledged is rolled back by its own quick recovery.
 *
 * <p>Why: H2 2.5.252 writes a commit's chunk (synchronously with {@code WRITE_DELAY=0}) and, when the
 * chunk went to reused space other than where the previous chunk predicted the next one would go,
 * rewrites the file header; but {@code RandomAccessStore.writeChunk} writes that header while its
 * {@code lastChunk} is still the <em>previous</em> chunk (2.2.224 set it first; the line was dropped
 * later). After {@code kill -9} the quick recovery follows the header's chunk and its predicted
 * successors, misses the newest chunk(s) in the middle of the file, finds the older state complete
 * and opens that: the newest acknowledged commits are gone ({@code bench durability.H2CrashProbe}).
 * MVStore's recovery mode scans every block for complete chunks instead and takes the newest whose
 * referenced chunks are all intact; closing it again writes a clean header that points at that chunk,
 * which H2's ordinary open then follows.
 *
 * <p>Cost: one scan of the file's blocks at start (nothing while the server runs). A file another
 * process holds open is left alone (H2's own open then reports it in use); a file that is not there
 * yet needs nothing.
 */
public final class H2CrashRecovery {

    private static final Logger log = LoggerFactory.getLogger(H2CrashRecovery.class);

    private H2CrashRecovery() {
    }

    /**
     * Makes {@code mvDbFile} (an H2 {@code *.mv.db}) open at its newest complete commit. Returns the
     * version it now opens at, or -1 when there was nothing to do (no file, or in use elsewhere).
     */
    public static long recoverNewestCommit(Path mvDbFile) {
        if (!Files.isRegularFile(mvDbFile)) {
            return -1;
        }
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(mvDbFile.toString())
                    .recoveryMode()
                    .autoCommitDisabled() // no background thread, nothing written but the close
                    .open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                return -1; // another process has it open: H2's open says so in its own words
            }
            throw e;
        }
        long version = store.getCurrentVersion();
        store.close(); // no compaction; writes the clean header pointing at the chunk found
        log.debug("Database file {} opens at version {}", mvDbFile.getFileName(), version);
        return version;
    }
}
