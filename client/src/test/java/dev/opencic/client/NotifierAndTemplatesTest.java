package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.client.agent.NotifierAgent;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.Notifier;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notifier and the content templates through the SDK against the in-process server: the
 * NotifierAgent gets typed SetIndicator/Notify/ClearIndicator and keeps the indicator's state;
 * ClovaAgent reads each RenderTemplate as its record and gets Clova.Help.
 */
class NotifierAndTemplatesTest {

    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(
            b -> b.reminderHoldTtl(Duration.ofSeconds(1)).asrPoolSize(0), s -> s.clock(clock));

    /** A speaker with a notification light. */
    static final class Light extends NotifierAgent {
        final List<Object> received = new CopyOnWriteArrayList<>();

        @Override
        protected void onSetIndicator(Notifier.SetIndicator payload, ReceivedDirective directive) {
            received.add(payload);
        }

        @Override
        protected void onClearIndicator(ReceivedDirective directive) {
            received.add("clear");
        }

        @Override
        protected void onNotify(Notifier.Notify payload, ReceivedDirective directive) {
            received.add(payload);
        }
    }

    /** A screen: the templates it was shown, as records, and whether help was asked for. */
    static final class Screen extends ClovaAgent {
        final List<Payload> shown = new CopyOnWriteArrayList<>();
        volatile boolean help;

        @Override
        protected void onRenderTemplate(ReceivedDirective directive, AgentHost host) {
            template(directive).ifPresent(shown::add);
        }

        @Override
        protected void onHelp(ReceivedDirective directive, AgentHost host) {
            help = true;
        }
    }

    static void say(CicClient client, String text) throws Exception {
        EventResponse r = client.recognizeText(text).get(20, TimeUnit.SECONDS);
        assertThat(r.httpStatus()).isEqualTo(200);
        r.processed().get(10, TimeUnit.SECONDS);
    }

    static double counted(String outcome) {
        Counter c = cic.server().meters().find("cic.reminders." + outcome).counter();
        return c == null ? 0 : c.count();
    }

    static void advance(Duration by) {
        clock.advance(by);
        cic.server().scheduler().checkDueNow();
    }

    @Test
    void theLightGoesOnForAMissedReminderAndOffWhenItIsRead() throws Exception {
        String hall = "hall-" + java.util.UUID.randomUUID();
        try (CicClient client = Clients.started(cic, hall, b -> {})) {
            say(client, "remind me to take the cake out in 2 seconds");
        }
        double held = counted("held");
        advance(Duration.ofSeconds(2)); // due while the speaker is away: held
        await().atMost(Duration.ofSeconds(15)).until(() -> counted("held") > held);
        advance(Duration.ofSeconds(2)); // stale: dropped, and a missed notice, when it is back

        Light light = new Light();
        try (CicClient client = Clients.started(cic, hall, b -> b.agent(light))) {
            await().atMost(Duration.ofSeconds(15)).until(light::indicatorOn);
            Notifier.SetIndicator set = (Notifier.SetIndicator) light.received.get(0);
            assertThat(set.newNotice()).isTrue();
            assertThat(set.light()).isEqualTo(Notifier.LIGHT_DEFAULT);

            say(client, "what did i miss");
            await().atMost(Duration.ofSeconds(15)).until(() -> !light.indicatorOn());
            assertThat(light.received).last().isEqualTo("clear");
        }
    }

    @Test
    void aReminderOnTimeReachesTheAgentAsNotify() throws Exception {
        Light light = new Light();
        try (CicClient client = Clients.started(cic, b -> b.agent(light))) {
            say(client, "remind me to close the skylight in 2 seconds");
            advance(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(15)).until(() -> light.received.stream()
                    .anyMatch(p -> p instanceof Notifier.Notify));
            Notifier.Notify notify = (Notifier.Notify) light.received.stream()
                    .filter(p -> p instanceof Notifier.Notify).findFirst().orElseThrow();
            assertThat(notify.assets()).extracting(Notifier.Asset::url).containsExactly(Notifier.DEFAULT_SOUND);
            assertThat(light.indicatorOn()).isFalse(); // a notice heard on time leaves nothing unread
        }
    }

    @Test
    void templatesReachTheScreenAsRecordsAndHelpAsItsHook() throws Exception {
        Screen screen = new Screen();
        try (CicClient client = Clients.started(cic, b -> b.agent(screen))) {
            say(client, "take a note that the gate code is 1234");
            say(client, "help");
            assertThat(screen.help).isTrue();
            assertThat(screen.shown).hasSize(2);
            ContentTemplates.Memo memo = (ContentTemplates.Memo) screen.shown.get(0);
            assertThat(memo.content().value()).isEqualTo("the gate code is 1234");
            assertThat(memo.timestamp().type()).isEqualTo("datetime");
            ContentTemplates.CardList cards = (ContentTemplates.CardList) screen.shown.get(1);
            assertThat(cards.cardList()).extracting(c -> c.title().value()).contains("Alarms and timers");
        }
    }
}
