package dev.opencic.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.DirectiveListener;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.Directive;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dialogRequestId rules of Manage_Message_Q.md, on the sequencer alone. */
class DirectiveSequencerTest {

    final List<String> log = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocking = new CountDownLatch(1);

    /** Records "handled Name dialog"; Block waits for release; Fail throws; onCancel is recorded. */
    final CapabilityAgent dialogAgent = new CapabilityAgent("Test", Set.of()) {
        @Override
        public void handle(ReceivedDirective d, AgentHost client) throws Exception {
            if (d.name().equals("Block")) {
                blocking.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            if (d.name().equals("Fail")) {
                throw new IllegalStateException("boom");
            }
            log.add("handled " + d.name() + " " + d.dialogRequestId() + (d.isCancelled() ? " cancelled" : ""));
        }

        @Override
        public void onCancel(ReceivedDirective d) {
            log.add("cancel " + d.name() + " " + d.dialogRequestId());
            release.countDown();
        }
    };

    final CapabilityAgent audioAgent = new CapabilityAgent("AudioPlayer", Set.of()) {
        @Override
        public Channel channel() {
            return Channel.AUDIO;
        }

        @Override
        public void handle(ReceivedDirective d, AgentHost client) {
            log.add("played " + d.name());
        }
    };

    final DirectiveListener listener = new DirectiveListener() {
        @Override
        public void onDirectiveDropped(ReceivedDirective d, String reason) {
            log.add("dropped " + d.name() + " " + d.dialogRequestId());
        }

        @Override
        public void onDirectiveFailed(ReceivedDirective d, Throwable cause) {
            log.add("failed " + d.name());
        }
    };

    final Executor direct = Runnable::run;
    final DirectiveSequencer sequencer = new DirectiveSequencer(Map.of("Test", dialogAgent, "AudioPlayer", audioAgent),
            listener, direct, null, Duration.ofSeconds(5), new ClientExecutors(null, null));

    @AfterEach
    void close() {
        sequencer.close();
    }

    static RealReceivedDirective d(String namespace, String name, String dialog) {
        return new RealReceivedDirective(Directive.of(namespace, name, dialog), ReceivedDirective.Source.RESPONSE);
    }

    @Test
    void directivesOfTheCurrentDialogAreHandledInArrivalOrder() {
        sequencer.startDialog("A");
        sequencer.submit(d("Test", "One", "A"));
        sequencer.submit(d("Test", "Two", "A"));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 2);
        assertThat(log).containsExactly("handled One A", "handled Two A");
    }

    @Test
    void aNewDialogDropsTheQueuedDirectivesOfTheOldOne() throws Exception {
        sequencer.submit(d("Test", "Block", null));
        assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();
        sequencer.startDialog("A");
        sequencer.submit(d("Test", "Speak", "A"));
        sequencer.submit(d("Test", "RenderText", "A"));

        sequencer.startDialog("B");
        sequencer.submit(d("Test", "RenderText", "B"));
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("handled RenderText B"));
        assertThat(log).containsExactly("dropped Speak A", "dropped RenderText A", "handled Block null",
                "handled RenderText B");
    }

    @Test
    void aNewDialogCancelsTheDirectiveInFlightOfTheOldOne() throws Exception {
        sequencer.startDialog("A");
        sequencer.submit(d("Test", "Block", "A"));
        assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();

        sequencer.startDialog("B");

        await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("handled Block A cancelled"));
        assertThat(log.get(0)).isEqualTo("cancel Block A");
    }

    @Test
    void aDirectiveOfAnOlderDialogArrivingLateIsDropped() {
        sequencer.startDialog("A");
        sequencer.startDialog("B");
        sequencer.submit(d("Test", "Late", "A"));
        sequencer.submit(d("Test", "Now", "B"));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("handled Now B"));
        assertThat(log).containsExactly("dropped Late A", "handled Now B");
    }

    @Test
    void cloudInitiatedDirectivesWithoutADialogAreAlwaysProcessed() {
        sequencer.startDialog("A");
        sequencer.submit(d("Test", "Push", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("handled Push null"));
    }

    @Test
    void aFailingDirectiveCancelsTheRestOfItsDialog() throws Exception {
        sequencer.submit(d("Test", "Block", null));
        assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();
        sequencer.startDialog("A");
        sequencer.submit(d("Test", "Fail", "A"));
        sequencer.submit(d("Test", "After", "A"));
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("dropped After A"));
        sequencer.submit(d("Test", "EvenLater", "A"));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("dropped EvenLater A"));
        assertThat(log).doesNotContain("handled After A");
        assertThat(log).contains("failed Fail");
    }

    @Test
    void audioPlayerDirectivesRunWhileTheDialogChannelIsBusy() throws Exception {
        sequencer.submit(d("Test", "Block", null));
        assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();

        sequencer.submit(d("AudioPlayer", "Play", null));

        await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("played Play"));
        assertThat(log).doesNotContain("handled Block null");
        release.countDown();
    }

    @Test
    void aDirectiveWaitsForItsAttachmentBeforeItsAgentRuns() {
        sequencer.startDialog("A");
        Directive speak = new Directive(dev.opencic.protocol.Header.of("Test", "Speak", "A"),
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("url", "cid:late"));
        RealReceivedDirective d = new RealReceivedDirective(speak, ReceivedDirective.Source.RESPONSE);
        sequencer.submit(d);
        sequencer.submit(d("Test", "Next", "A"));
        // the sequencer's worker is blocked on the attachment (its wait registers on the future), and
        // nothing was handled: neither Speak nor the Next behind it
        await().atMost(Duration.ofSeconds(5)).until(() -> d.attachmentsReady().getNumberOfDependents() > 0);
        assertThat(log).isEmpty();

        d.attach(new dev.opencic.client.Attachment("late", null, new byte[] {1}));

        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 2);
        assertThat(log).containsExactly("handled Speak A", "handled Next A");
    }
}
