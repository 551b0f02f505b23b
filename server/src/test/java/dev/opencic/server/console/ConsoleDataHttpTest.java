package dev.opencic.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.opencic.server.testing.CicServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data pages' routes as a browser would not send them: signed out, every page sends to sign-in
 * and every form is refused (401, or 403 without this console's CSRF token); signed in, a form
 * without the session's token is 403; none of these changes anything. A data page of an account
 * without devices still works (nothing to set an alarm or reminder on, and says so).
 */
class ConsoleDataHttpTest {

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension();

    static final List<String> PAGES = List.of("/console/alarms", "/console/reminders", "/console/memos",
            "/console/schedules", "/console/music");

    /** Each form with fields that would be accepted from a signed-in person with a device. */
    static final List<List<String>> FORMS = List.of(
            List.of("/console/alarms/add", "device", "d1", "time", "07:00"),
            List.of("/console/alarms/edit", "alert", "a1", "time", "07:00"),
            List.of("/console/alarms/delete", "alert", "a1"),
            List.of("/console/reminders/add", "device", "d1", "content", "buy milk"),
            List.of("/console/reminders/edit", "reminder", "r1", "content", "buy milk"),
            List.of("/console/reminders/delete", "reminder", "r1"),
            List.of("/console/memos/add", "content", "a memo"),
            List.of("/console/memos/edit", "memo", "m1", "content", "a memo"),
            List.of("/console/memos/delete", "memo", "m1"),
            List.of("/console/schedules/add", "content", "party", "date", "2099-01-01"),
            List.of("/console/schedules/edit", "schedule", "s1", "content", "party", "date", "2099-01-01"),
            List.of("/console/schedules/delete", "schedule", "s1"),
            List.of("/console/music/play", "device", "d1", "track", "t1"));

    private ConsoleHttp visitor() {
        return new ConsoleHttp(server.baseUri());
    }

    @Test
    void signedOutEveryPageSendsToSignInAndEveryFormIsRefused() {
        for (String page : PAGES) {
            AggregatedHttpResponse res = visitor().get(page);
            assertThat(res.status().code()).as(page).isEqualTo(303);
            assertThat(res.headers().get("location")).as(page).startsWith("/console/login?next=");
        }
        for (List<String> form : FORMS) {
            ConsoleHttp stranger = visitor();
            assertThat(post(stranger, form).status().code()).as("forged " + form.get(0)).isEqualTo(403);
            stranger.get("/console/login"); // this console's form token, but no session
            assertThat(post(stranger, form).status().code()).as("signed out " + form.get(0)).isEqualTo(401);
        }
        assertNothingChanged();
    }

    @Test
    void signedInAFormWithoutTheSessionsCsrfTokenIsRefused() {
        ConsoleHttp person = visitor();
        person.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        for (List<String> form : FORMS) {
            String[] fields = form.subList(1, form.size()).toArray(String[]::new);
            String[] forged = java.util.stream.Stream.concat(java.util.Arrays.stream(fields),
                    java.util.stream.Stream.of("csrf", "forged")).toArray(String[]::new);
            assertThat(person.post(form.get(0), forged).status().code()).as(form.get(0)).isEqualTo(403);
        }
        assertNothingChanged();
    }

    @Test
    void withoutADeviceThePagesSayWhatIsNeededAndUnknownIdsAre404() {
        ConsoleHttp person = visitor();
        person.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        for (String page : PAGES) {
            AggregatedHttpResponse res = person.get(page);
            assertThat(res.status().code()).as(page).isEqualTo(200);
            assertThat(res.headers().get("content-security-policy")).as(page).isNotNull();
            assertThat(res.headers().get("cache-control")).as(page).isEqualTo("no-store");
        }
        assertThat(person.get("/console/alarms").contentUtf8()).contains("no-devices");
        assertThat(person.get("/console/reminders").contentUtf8()).contains("no-devices");
        assertThat(person.get("/console/music").contentUtf8()).contains("no-online-devices").contains("no-music");
        for (List<String> form : FORMS) {
            if (form.get(0).endsWith("/edit") || form.get(0).endsWith("/delete")) {
                assertThat(post(person, form).status().code()).as(form.get(0)).isEqualTo(404);
            }
        }
        assertThat(post(person, FORMS.get(0)).contentUtf8()).contains("no such device");
        assertNothingChanged();
    }

    private static AggregatedHttpResponse post(ConsoleHttp who, List<String> form) {
        return who.post(form.get(0), form.subList(1, form.size()).toArray(String[]::new));
    }

    private void assertNothingChanged() {
        ConsoleHttp owner = visitor();
        owner.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        assertThat(owner.get("/console/alarms").contentUtf8()).contains("no-alerts");
        assertThat(owner.get("/console/reminders").contentUtf8()).contains("no-reminders");
        assertThat(owner.get("/console/memos").contentUtf8()).contains("no-memos");
        assertThat(owner.get("/console/schedules").contentUtf8()).contains("no-schedules");
    }
}
