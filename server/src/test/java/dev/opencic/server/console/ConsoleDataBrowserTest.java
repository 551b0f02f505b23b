package dev.opencic.server.console;

import static dev.opencic.server.console.ConsoleDataTesting.next;
import static dev.opencic.server.console.ConsoleDataTesting.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.skill.SkillTestSupport;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.HeadlessBrowser;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Your data in the console, in a real headless chromium against a real server, with a device of
 * the account holding its downchannel open: what the console changes reaches the device as a voice
 * request's change would (an alarm set in the page arrives as {@code Alerts.SetAlert} with its
 * time, a deleted one as {@code DeleteAlert}). Each page also checks what a browser hides: a second
 * account sees none of it and gets 404 for the first's ids, even posted directly; bad input is the
 * page again with an error, 400, nothing changed. One server and browser for the whole story.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDataBrowserTest {

    private static final Duration PUSHED_WITHIN = ConsoleDataTesting.PUSHED_WITHIN;
    private static final String BOB = "bob";
    private static final String BOB_PASSWORD = "bob's long password";

    /** The server's clock: a reminder comes due when the test moves it. */
    static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(
            b -> b.asrPoolSize(0).musicDirs(List.of(ConsoleDataTesting.musicLibrary())), s -> s.clock(clock));

    private static HeadlessBrowser browser;
    private static String base;
    private static TestDevice kitchen;
    private static StreamedParts down;
    private static ZoneId zone;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessBrowser.start();
        base = "https://127.0.0.1:" + server.server().httpsPort();
        kitchen = server.device("kitchen-1");
        down = kitchen.connect();
        DeviceIdentity identity = server.server().auth().tokens().verify(kitchen.accessToken()).get().orElseThrow();
        zone = server.server().zones().zoneOf(identity);
        server.server().auth().accounts().createAccount(BOB, BOB_PASSWORD.toCharArray());
        browser.open(base + "/console/login");
        browser.type("#username", CicServerExtension.USER).type("#password", CicServerExtension.PASSWORD)
               .click("#sign-in");
        assertThat(browser.path()).isEqualTo("/console/");
    }

    @AfterAll
    static void stop() {
        if (kitchen != null) {
            kitchen.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void anAlarmSetInTheConsoleArrivesOnTheDeviceAndDeletingItToo() throws Exception {
        // The device is offered once its downchannel open was recorded.
        await().atMost(PUSHED_WITHIN).until(() -> {
            browser.open(base + "/console/alarms");
            return !browser.driver().findElements(org.openqa.selenium.By.cssSelector(
                    "#alarm-device option[value='kitchen-1']")).isEmpty();
        });
        LocalDate tomorrow = ZonedDateTime.now(clock).withZoneSameInstant(zone).toLocalDate().plusDays(1);
        set(browser, "#alarm-time", "07:30");
        set(browser, "#alarm-date", tomorrow.toString());
        browser.click("#add-alarm");
        assertThat(browser.text("#message")).contains("alarm is set");

        Directive setAlert = next(down, "Alerts.SetAlert");
        String token = setAlert.payload().path("token").asText();
        assertThat(setAlert.payload().path("type").asText()).isEqualTo("ALARM");
        assertThat(ZonedDateTime.parse(setAlert.payload().path("scheduledTime").asText()).toInstant())
                .isEqualTo(tomorrow.atTime(7, 30).atZone(zone).toInstant());
        assertThat(browser.text("tr[data-alert='" + token + "'] .kind")).isEqualTo("alarm");
        browser.screenshot("11-alarms");

        // Moved to 08:15 every weekday: the same token, so the device changes the alarm it has.
        set(browser, "tr.actions[data-alert='" + token + "'] input[name=time]", "08:15");
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday")) {
            browser.find("tr.actions[data-alert='" + token + "'] input[value=" + day + "]").click();
        }
        browser.click("tr.actions[data-alert='" + token + "'] button.edit");
        assertThat(browser.text("#message")).contains("changed");
        Directive moved = next(down, "Alerts.SetAlert");
        assertThat(moved.payload().path("token").asText()).isEqualTo(token);
        assertThat(moved.payload().path("scheduledTime").asText()).contains("T08:15:00");
        assertThat(moved.payload().path("daysOfWeek").toString()).contains("monday").contains("friday")
                .doesNotContain("sunday");
        assertThat(browser.text("tr[data-alert='" + token + "'] .repeat")).isNotEqualTo("once");

        // Another account sees none of it and cannot touch it, not even by posting the id directly.
        ConsoleHttp bob = signedInBob();
        assertThat(bob.get("/console/alarms").contentUtf8()).doesNotContain(token).contains("no-alerts");
        assertThat(bob.post("/console/alarms/delete", "alert", token).status().code()).isEqualTo(404);
        assertThat(bob.post("/console/alarms/edit", "alert", token, "time", "09:00").status().code()).isEqualTo(404);

        // Bad input: the page again with what is wrong, 400, nothing set.
        ConsoleHttp alice = signedInAlice();
        int before = alarmRows(alice);
        var badTime = alice.post("/console/alarms/add", "device", "kitchen-1", "time", "25:99");
        assertThat(badTime.status().code()).isEqualTo(400);
        assertThat(badTime.contentUtf8()).contains("id=\"error\"").contains("written like 07:30").contains(token);
        var unknownDevice = alice.post("/console/alarms/add", "device", "bobs-speaker", "time", "07:00");
        assertThat(unknownDevice.status().code()).isEqualTo(404);
        assertThat(unknownDevice.contentUtf8()).contains("no such device");
        var past = alice.post("/console/alarms/add", "device", "kitchen-1", "time", "07:00", "date", "2020-01-01");
        assertThat(past.status().code()).isEqualTo(400);
        assertThat(past.contentUtf8()).contains("already passed");
        assertThat(alice.post("/console/alarms/add", "device", "kitchen-1").status().code()).isEqualTo(400);
        assertThat(alarmRows(alice)).isEqualTo(before);
        assertThat(bob.post("/console/alarms/add", "device", "kitchen-1", "time", "07:00").status().code())
                .isEqualTo(404);
        assertThat(alarmRows(alice)).isEqualTo(before);

        browser.click("tr[data-alert='" + token + "'] button.delete");
        assertThat(browser.text("#message")).contains("Deleted");
        Directive deleted = next(down, "Alerts.DeleteAlert");
        assertThat(deleted.payload().path("token").asText()).isEqualTo(token);
        assertThat(browser.find("#no-alerts").isDisplayed()).isTrue();

        // A timer, as "set a timer for 2 minutes 30 seconds" starts one: from now on the server's clock.
        set(browser, "#timer-minutes", "2");
        set(browser, "#timer-seconds", "30");
        browser.click("#add-timer");
        assertThat(browser.text("#message")).contains("timer is running");
        Directive timer = next(down, "Alerts.SetAlert");
        assertThat(timer.payload().path("type").asText()).isEqualTo("TIMER");
        assertThat(ZonedDateTime.parse(timer.payload().path("scheduledTime").asText()).toInstant())
                .isEqualTo(clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(150));
        String timerToken = timer.payload().path("token").asText();
        assertThat(browser.text("tr[data-alert='" + timerToken + "'] .kind")).isEqualTo("timer");
        int withTimer = alarmRows(alice);
        var noLength = alice.post("/console/alarms/timer", "device", "kitchen-1", "minutes", "0", "seconds", "0");
        assertThat(noLength.status().code()).isEqualTo(400);
        assertThat(noLength.contentUtf8()).contains("1 second to 24 hours");
        assertThat(alice.post("/console/alarms/timer", "device", "kitchen-1", "minutes", "ten").status().code())
                .isEqualTo(400);
        assertThat(alice.post("/console/alarms/timer", "device", "kitchen-1", "minutes", "1441").status().code())
                .isEqualTo(400);
        assertThat(bob.post("/console/alarms/timer", "device", "kitchen-1", "minutes", "5").status().code())
                .isEqualTo(404);
        assertThat(alarmRows(alice)).isEqualTo(withTimer);
        browser.click("tr[data-alert='" + timerToken + "'] button.delete");
        assertThat(next(down, "Alerts.DeleteAlert").payload().path("token").asText()).isEqualTo(timerToken);
    }

    @Test
    @Order(2)
    void aReminderAddedInTheConsoleIsSpokenOnItsDeviceAtItsTimeAndAMovedOneAtItsNewTime() throws Exception {
        browser.open(base + "/console/reminders");
        ZonedDateTime soon = ZonedDateTime.now(clock).withZoneSameInstant(zone).plusMinutes(2).truncatedTo(ChronoUnit.MINUTES);
        browser.type("#reminder-content", "water the plants");
        set(browser, "#reminder-date", soon.toLocalDate().toString());
        set(browser, "#reminder-time", soon.toLocalTime().toString());
        browser.click("#add-reminder");
        assertThat(browser.text("#message")).contains("reminder is set");
        Directive added = next(down, "Clova.AddReminder");
        String id = added.payload().path("id").asText();
        assertThat(added.payload().path("content").asText()).isEqualTo("water the plants");
        assertThat(browser.text("tr[data-reminder='" + id + "'] .content")).isEqualTo("water the plants");

        // A second one for tomorrow, moved in the page to a minute after the first.
        ZonedDateTime tomorrow = soon.plusDays(1);
        browser.type("#reminder-content", "call mum");
        set(browser, "#reminder-date", tomorrow.toLocalDate().toString());
        set(browser, "#reminder-time", tomorrow.toLocalTime().toString());
        browser.click("#add-reminder");
        String moved = next(down, "Clova.AddReminder").payload().path("id").asText();
        ZonedDateTime later = soon.plusMinutes(1);
        browser.type("tr.actions[data-reminder='" + moved + "'] input[name=content]", "call mum back");
        set(browser, "tr.actions[data-reminder='" + moved + "'] input[name=date]", later.toLocalDate().toString());
        set(browser, "tr.actions[data-reminder='" + moved + "'] input[name=time]", later.toLocalTime().toString());
        browser.click("tr.actions[data-reminder='" + moved + "'] button.edit");
        assertThat(browser.text("#message")).contains("changed");
        assertThat(next(down, "Clova.AddReminder").payload().path("content").asText()).isEqualTo("call mum back");
        browser.screenshot("12-reminders");

        // Another account: none of it, and 404 for these ids however posted.
        ConsoleHttp bob = signedInBob();
        assertThat(bob.get("/console/reminders").contentUtf8()).doesNotContain(id).doesNotContain("water the plants");
        assertThat(bob.post("/console/reminders/delete", "reminder", id).status().code()).isEqualTo(404);
        assertThat(bob.post("/console/reminders/edit", "reminder", id, "content", "mine now").status().code())
                .isEqualTo(404);
        assertThat(bob.post("/console/reminders/add", "device", "kitchen-1", "content", "x").status().code())
                .isEqualTo(404);

        // Bad input: the page with the error, 400, nothing changed.
        ConsoleHttp alice = signedInAlice();
        String before = alice.get("/console/reminders").contentUtf8().replaceAll("name=\"csrf\" value=\"[^\"]*\"", "");
        var tooLong = alice.post("/console/reminders/add", "device", "kitchen-1", "content", "a".repeat(501));
        assertThat(tooLong.status().code()).isEqualTo(400);
        assertThat(tooLong.contentUtf8()).contains("at most 500 characters");
        var past = alice.post("/console/reminders/add", "device", "kitchen-1", "content", "too late", "date", "2020-01-01",
                "time", "10:00");
        assertThat(past.status().code()).isEqualTo(400);
        assertThat(past.contentUtf8()).contains("already passed");
        assertThat(alice.post("/console/reminders/add", "device", "kitchen-1", "content", "x", "time", "noon")
                .status().code()).isEqualTo(400);
        assertThat(alice.post("/console/reminders/edit", "reminder", id, "content", "").status().code()).isEqualTo(400);
        assertThat(alice.get("/console/reminders").contentUtf8().replaceAll("name=\"csrf\" value=\"[^\"]*\"", ""))
                .isEqualTo(before);

        // Their times come: each is spoken on the device, the moved one at its new time.
        clock.advance(Duration.between(clock.instant(), soon.toInstant()).plusSeconds(1));
        server.server().scheduler().checkDueNow();
        assertThat(next(down, "Clova.RenderText").payload().path("text").asText()).isEqualTo("Reminder: water the plants.");
        clock.advance(Duration.ofMinutes(1));
        server.server().scheduler().checkDueNow();
        assertThat(next(down, "Clova.RenderText").payload().path("text").asText()).isEqualTo("Reminder: call mum back.");

        // Its words changed after it was spoken: the time the form shows has passed and is kept as it is.
        browser.open(base + "/console/reminders");
        browser.type("tr.actions[data-reminder='" + id + "'] input[name=content]", "water the ferns");
        browser.click("tr.actions[data-reminder='" + id + "'] button.edit");
        assertThat(browser.text("tr[data-reminder='" + id + "'] .content")).isEqualTo("water the ferns");
        browser.click("tr[data-reminder='" + id + "'] button.delete");
        assertThat(browser.text("#message")).contains("deleted");
        assertThat(next(down, "Clova.DeleteReminder").payload().path("id").asText()).isEqualTo(id);
    }

    @Test
    @Order(3)
    void memosWrittenInTheConsoleAreTheOnesTheAssistantReads() throws Exception {
        browser.open(base + "/console/memos");
        browser.type("#memo-content", "the spare key is under the <b>blue</b> pot").click("#add-memo");
        assertThat(browser.text("#message")).contains("saved");
        String id = browser.find("#memos tr[data-memo]").getAttribute("data-memo");
        // Shown as text, never as markup.
        assertThat(browser.find("tr[data-memo='" + id + "'] input.content").getAttribute("value"))
                .isEqualTo("the spare key is under the <b>blue</b> pot");
        assertThat(SkillTestSupport.words(SkillTestSupport.say(kitchen, "what notes do I have")))
                .contains("spare key is under the");

        browser.type("tr[data-memo='" + id + "'] input.content", "the spare key is under the green pot")
               .click("tr[data-memo='" + id + "'] button.edit");
        assertThat(browser.text("#message")).contains("changed");
        assertThat(SkillTestSupport.words(SkillTestSupport.say(kitchen, "what notes do I have"))).contains("green pot");
        browser.screenshot("13-memos");

        ConsoleHttp bob = signedInBob();
        assertThat(bob.get("/console/memos").contentUtf8()).doesNotContain(id).doesNotContain("spare key");
        assertThat(bob.post("/console/memos/edit", "memo", id, "content", "mine").status().code()).isEqualTo(404);
        assertThat(bob.post("/console/memos/delete", "memo", id).status().code()).isEqualTo(404);

        ConsoleHttp alice = signedInAlice();
        var tooLong = alice.post("/console/memos/add", "content", "m".repeat(1001));
        assertThat(tooLong.status().code()).isEqualTo(400);
        assertThat(tooLong.contentUtf8()).contains("too long").contains("green pot");
        assertThat(alice.post("/console/memos/edit", "memo", id, "content", " ").status().code()).isEqualTo(400);
        assertThat(alice.post("/console/memos/add").status().code()).isEqualTo(400);
        assertThat(alice.get("/console/memos").contentUtf8().split("<tr data-memo=", -1)).hasSize(2);

        browser.click("tr[data-memo='" + id + "'] button.delete");
        assertThat(browser.text("#message")).contains("deleted");
        assertThat(browser.find("#no-memos").isDisplayed()).isTrue();
    }

    @Test
    @Order(4)
    void scheduleEntriesAddedInTheConsoleAreTheOnesTheAssistantReads() throws Exception {
        browser.open(base + "/console/schedules");
        LocalDate tomorrow = ZonedDateTime.now(clock).withZoneSameInstant(zone).toLocalDate().plusDays(1);
        browser.type("#schedule-content", "dentist");
        set(browser, "#schedule-date", tomorrow.toString());
        set(browser, "#schedule-time", "15:30");
        browser.click("#add-schedule");
        assertThat(browser.text("#message")).contains("in your calendar");
        String id = browser.find("#schedules tr[data-schedule]").getAttribute("data-schedule");
        assertThat(browser.text("tr[data-schedule='" + id + "'] .when")).endsWith("15:30");
        assertThat(SkillTestSupport.words(SkillTestSupport.say(kitchen, "what's on my calendar tomorrow")))
                .contains("dentist");

        browser.type("tr.actions[data-schedule='" + id + "'] input[name=content]", "dentist check-up");
        set(browser, "tr.actions[data-schedule='" + id + "'] input[name=time]", "");
        browser.click("tr.actions[data-schedule='" + id + "'] button.edit");
        assertThat(browser.text("#message")).contains("changed");
        assertThat(browser.text("tr[data-schedule='" + id + "'] .when")).endsWith("all day");
        assertThat(browser.text("tr[data-schedule='" + id + "'] .content")).isEqualTo("dentist check-up");
        browser.screenshot("14-schedules");

        ConsoleHttp bob = signedInBob();
        assertThat(bob.get("/console/schedules").contentUtf8()).doesNotContain(id).doesNotContain("dentist");
        assertThat(bob.post("/console/schedules/edit", "schedule", id, "content", "x", "date", tomorrow.toString())
                .status().code()).isEqualTo(404);
        assertThat(bob.post("/console/schedules/delete", "schedule", id).status().code()).isEqualTo(404);

        ConsoleHttp alice = signedInAlice();
        var noDay = alice.post("/console/schedules/add", "content", "party");
        assertThat(noDay.status().code()).isEqualTo(400);
        assertThat(noDay.contentUtf8()).contains("day is missing").contains("dentist check-up");
        assertThat(alice.post("/console/schedules/add", "content", "party", "date", "2020-02-30").status().code())
                .isEqualTo(400);
        assertThat(alice.post("/console/schedules/add", "content", "party", "date", "2020-02-03").status().code())
                .isEqualTo(400);
        assertThat(alice.post("/console/schedules/edit", "schedule", id, "content", "x", "date", tomorrow.toString(),
                "time", "99:00").status().code()).isEqualTo(400);
        assertThat(alice.get("/console/schedules").contentUtf8()).doesNotContain("party").contains("dentist check-up");

        browser.click("tr[data-schedule='" + id + "'] button.delete");
        assertThat(browser.text("#message")).contains("deleted");
        assertThat(browser.find("#no-schedules").isDisplayed()).isTrue();
    }

    @Test
    @Order(5)
    void theMusicLibraryIsBrowsedByArtistAndAlbumAndPlaysOnTheChosenDevice() throws Exception {
        browser.open(base + "/console/music");
        assertThat(browser.text("tr[data-artist='Miles Davis']")).contains("Miles Davis");
        browser.screenshot("15-music");
        browser.click("tr[data-artist='Miles Davis'] a.artist");
        assertThat(browser.text("table[data-album='Kind of Blue']")).contains("So What").contains("Blue in Green");
        browser.screenshot("16-music-artist");

        // One track on the kitchen speaker: the Play the skill sends for "play Blue in Green".
        browser.click("tr[data-track]:nth-child(2) button.play");
        assertThat(browser.text("#message")).contains("Playing");
        Directive play = next(down, "AudioPlayer.Play");
        assertThat(play.payload().path("audioItem").path("title").asText()).isEqualTo("Blue in Green");
        assertThat(play.payload().path("playBehavior").asText()).isEqualTo("REPLACE_ALL");
        assertThat(play.payload().path("audioItem").path("stream").path("url").asText()).contains("/music/");

        // The whole artist: the album in order, the first replacing the queue and the rest enqueued.
        browser.click("#play-artist");
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Directive d = next(down, "AudioPlayer.Play");
            titles.add(d.payload().path("audioItem").path("title").asText());
        }
        assertThat(titles).containsExactly("So What", "Blue in Green");
        browser.click("form:has(input[name=album][value='Kind of Blue']) button.play-album");
        assertThat(next(down, "AudioPlayer.Play").payload().path("audioItem").path("title").asText()).isEqualTo("So What");

        // Another account: the library is the server's, but not the device.
        ConsoleHttp bob = signedInBob();
        assertThat(bob.get("/console/music?artist=Miles+Davis").contentUtf8()).contains("no-online-devices");
        String track = browser.find("tr[data-track]").getAttribute("data-track");
        var foreign = bob.post("/console/music/play", "device", "kitchen-1", "track", track);
        assertThat(foreign.status().code()).isEqualTo(404);
        assertThat(foreign.contentUtf8()).contains("no such device");

        ConsoleHttp alice = signedInAlice();
        assertThat(alice.post("/console/music/play", "device", "kitchen-1", "track", "no-such-track").status().code())
                .isEqualTo(404);
        assertThat(alice.post("/console/music/play", "device", "kitchen-1").status().code()).isEqualTo(400);
        assertThat(alice.get("/console/music?artist=Nobody").status().code()).isEqualTo(404);
        assertThat(alice.get("/console/music").contentUtf8()).doesNotContain("<script>");
    }

    // ---- helpers ----

    private static int alarmRows(ConsoleHttp person) {
        String page = person.get("/console/alarms").contentUtf8();
        return page.split("<tr data-alert=", -1).length - 1;
    }

    static ConsoleHttp signedInBob() {
        ConsoleHttp bob = new ConsoleHttp(base);
        bob.signIn(BOB, BOB_PASSWORD);
        bob.get("/console/");
        return bob;
    }

    static ConsoleHttp signedInAlice() {
        ConsoleHttp alice = new ConsoleHttp(base);
        alice.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        alice.get("/console/");
        return alice;
    }
}
