package dev.opencic.server.skill.music;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.skill.music.MusicSearch.Field;
import dev.opencic.server.skill.music.MusicSearch.Found;
import dev.opencic.server.skill.music.MusicSearch.NotFound;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Search forgives small spelling and recognition errors, and says what is closest when nothing matches. */
class MusicSearchTest {

    static Track track(String id, String title, String artist, String album, String genre, int no) {
        return new Track(id, Path.of("/music/" + id + ".mp3"), title, artist, album, genre, no, 1000, "mp3", 1, 1, true);
    }

    static final MusicSearch SEARCH = new MusicSearch(List.of(
            track("t1", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1),
            track("t3", "Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3),
            track("t2", "Freddie Freeloader", "Miles Davis", "Kind of Blue", "Jazz", 2),
            track("t4", "Acknowledgement", "John Coltrane", "A Love Supreme", "Jazz", 1),
            track("t5", "Come Together", "The Beatles", "Abbey Road", "Rock", 1),
            track("t6", "Something", "The Beatles", "Abbey Road", "Rock", 2),
            track("t7", "Dreams", "Fleetwood Mac", "Rumours", "Rock", 2),
            track("t8", "Air on the G String", "Bach", "Orchestral Suites", "Classical", 1)));

    static Found found(String query, Field hint) {
        return (Found) SEARCH.search(query, hint);
    }

    @Test
    void anArtistGivesTheirTracksInAlbumOrder() {
        Found f = found("miles davis", null);
        assertThat(f.field()).isEqualTo(Field.ARTIST);
        assertThat(f.tracks()).extracting(Track::title).containsExactly("So What", "Freddie Freeloader", "Blue in Green");
    }

    @Test
    void misspelledAndMisheardNamesStillMatch() {
        assertThat(found("myles davies", null).name()).isEqualTo("Miles Davis");
        assertThat(found("blue and green", null).tracks().get(0).title()).isEqualTo("Blue in Green");
        assertThat(found("fleetwood mack", null).name()).isEqualTo("Fleetwood Mac");
        assertThat(found("beatles", null).name()).isEqualTo("The Beatles");
        assertThat(found("coltrane", null).name()).isEqualTo("John Coltrane");
        assertThat(found("abby road", null).name()).isEqualTo("Abbey Road");
    }

    @Test
    void aSongComesFirstThenTheRestOfItsArtist() {
        Found f = found("blue in green", Field.TITLE);
        assertThat(f.field()).isEqualTo(Field.TITLE);
        assertThat(f.tracks()).extracting(Track::title).containsExactly("Blue in Green", "So What", "Freddie Freeloader");
    }

    @Test
    void anAlbumPlaysInTrackOrderAndAGenreGivesAllItsTracks() {
        assertThat(found("abbey road", Field.ALBUM).tracks()).extracting(Track::title).containsExactly("Come Together", "Something");
        Found rock = found("rock", Field.GENRE);
        assertThat(rock.field()).isEqualTo(Field.GENRE);
        assertThat(rock.tracks()).extracting(Track::title).containsExactlyInAnyOrder("Come Together", "Something", "Dreams");
    }

    @Test
    void theFieldTheUserNamedBreaksATie() {
        // "Something" is a song title; the hint keeps it a song even though nothing else competes
        assertThat(found("something", Field.TITLE).field()).isEqualTo(Field.TITLE);
        assertThat(found("something", null).tracks().get(0).title()).isEqualTo("Something");
    }

    @Test
    void nothingCloseEnoughGivesTheClosestNames() {
        NotFound nf = (NotFound) SEARCH.search("miles dragon", null);
        assertThat(nf.suggestions()).isNotEmpty().hasSizeLessThanOrEqualTo(3).contains("Miles Davis");
        assertThat(((NotFound) SEARCH.search("zzzz qqqq xxxx", null)).suggestions()).isEmpty();
        assertThat(SEARCH.search("   ", null)).isInstanceOf(NotFound.class);
    }

    @Test
    void anEmptyLibrarySaysSo() {
        assertThat(new MusicSearch(List.of()).search("jazz", null)).isInstanceOf(MusicSearch.EmptyLibrary.class);
    }
}
