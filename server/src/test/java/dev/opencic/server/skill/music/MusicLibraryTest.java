package dev.opencic.server.skill.music;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.ToneLibrary.Song;
import dev.opencic.server.testing.ToneLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning folders into the index: tags, files without tags, broken files, changes and deletions. */
class MusicLibraryTest {

    @TempDir
    Path dir;

    Database db;
    TrackRepository repo;

    @BeforeEach
    void open() {
        db = Database.inMemory("music-library-test");
        repo = new JdbcTrackRepository(db.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void tagsAreReadFromMp3AndOggAndTheIndexSurvivesInTheDatabase() throws Exception {
        Engines.requireLame();
        Engines.requireOggenc();
        ToneLibrary.write(dir, List.of(
                new Song("Miles Davis/Kind of Blue/01 So What.mp3", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1, 2, 440),
                new Song("Miles Davis/Kind of Blue/03.ogg", "Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3, 3, 550)));
        MusicLibrary library = new MusicLibrary(List.of(dir), repo);
        MusicLibrary.ScanReport report = library.scan();
        assertThat(report.tracks()).isEqualTo(2);
        assertThat(report.added()).isEqualTo(2);
        assertThat(report.untagged()).isZero();

        Track ogg = library.tracks().stream().filter(t -> t.format().equals("ogg")).findFirst().orElseThrow();
        assertThat(ogg.title()).isEqualTo("Blue in Green");
        assertThat(ogg.artist()).isEqualTo("Miles Davis");
        assertThat(ogg.album()).isEqualTo("Kind of Blue");
        assertThat(ogg.genre()).isEqualTo("Jazz");
        assertThat(ogg.trackNumber()).isEqualTo(3);
        assertThat(ogg.durationMs()).isBetween(2500L, 3500L);
        Track mp3 = library.tracks().stream().filter(t -> t.format().equals("mp3")).findFirst().orElseThrow();
        assertThat(mp3.spokenName()).isEqualTo("So What by Miles Davis");
        assertThat(mp3.durationMs()).isBetween(1500L, 2500L);

        // a new library object over the same database sees the index before any scan
        MusicLibrary restarted = new MusicLibrary(List.of(dir), repo);
        restarted.loadIndex();
        assertThat(restarted.tracks()).extracting(Track::title).containsExactlyInAnyOrder("So What", "Blue in Green");
        // and an unchanged folder costs no tag reading
        assertThat(restarted.scan()).extracting(MusicLibrary.ScanReport::added, MusicLibrary.ScanReport::updated)
                .containsExactly(0, 0);
    }

    @Test
    void filesWithoutTagsOrThatCannotBeDecodedAreIndexedByTheirFileName() throws Exception {
        Engines.requireLame();
        ToneLibrary.write(dir, List.of(new Song("Nina Simone - Feeling Good.mp3", null, null, null, null, 0, 1, 300),
                new Song("untitled_tone.mp3", null, null, null, null, 0, 1, 330)));
        Files.write(dir.resolve("garbage.mp3"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.write(dir.resolve("empty.ogg"), new byte[0]);
        Files.writeString(dir.resolve("notes.txt"), "not music");
        MusicLibrary library = new MusicLibrary(List.of(dir), repo);
        MusicLibrary.ScanReport report = library.scan();
        assertThat(report.tracks()).isEqualTo(4);
        assertThat(report.untagged()).isEqualTo(4);
        assertThat(library.tracks()).extracting(Track::title)
                .containsExactlyInAnyOrder("Feeling Good", "untitled tone", "garbage", "empty");
        assertThat(library.tracks()).filteredOn(t -> t.title().equals("Feeling Good"))
                .extracting(Track::artist).containsExactly("Nina Simone");
    }

    @Test
    void deletedFilesAreDroppedAndChangedFilesReadAgainAtTheNextScan() throws Exception {
        Engines.requireLame();
        List<Path> files = ToneLibrary.write(dir, List.of(
                new Song("a.mp3", "Alpha", "Tester", null, null, 0, 1, 300),
                new Song("b.mp3", "Beta", "Tester", null, null, 0, 1, 330)));
        MusicLibrary library = new MusicLibrary(List.of(dir), repo);
        library.scan();
        Files.delete(files.get(0));
        ToneLibrary.write(dir, List.of(new Song("b.mp3", "Beta Two", "Tester", null, null, 0, 2, 330)));
        Files.setLastModifiedTime(files.get(1), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        MusicLibrary.ScanReport report = library.scan();
        assertThat(report.removed()).isEqualTo(1);
        assertThat(report.updated()).isEqualTo(1);
        assertThat(library.tracks()).extracting(Track::title).containsExactly("Beta Two");
        assertThat(repo.findAll()).extracting(Track::title).containsExactly("Beta Two");
    }

    @Test
    void aMissingFolderIsAnEmptyLibraryNotAFailure() {
        MusicLibrary library = new MusicLibrary(List.of(dir.resolve("nowhere")), repo);
        assertThat(library.scan().tracks()).isZero();
        assertThat(library.search("anything", null)).isInstanceOf(MusicSearch.EmptyLibrary.class);
    }
}
