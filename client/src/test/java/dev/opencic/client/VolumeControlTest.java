package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.client.agent.PlaybackControllerAgent;
import dev.opencic.client.context.VolumeStateContext;
import dev.opencic.server.testing.CicServerExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Volume by voice commands through the SDK: the PlaybackController agent changes the speaker, the
 * speaker's Speaker.VolumeState goes with the next request, and the server answers from it.
 */
class VolumeControlTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void theServerSeesTheVolumeTheAgentSetAndExplainsWhenThereIsNothingToChange() throws Exception {
        VolumeStateContext speaker = new VolumeStateContext(9);
        List<String> done = new CopyOnWriteArrayList<>();
        List<String> shown = new CopyOnWriteArrayList<>();
        PlaybackControllerAgent playback = new PlaybackControllerAgent() {
            @Override
            protected void onVolumeUp(ReceivedDirective d, AgentHost client) {
                speaker.set(Math.min(10, speaker.volume() + 1), speaker.muted());
                done.add("up");
            }

            @Override
            protected void onMute(ReceivedDirective d, AgentHost client) {
                speaker.set(speaker.volume(), true);
                done.add("mute");
            }
        };
        ClovaAgent clova = new ClovaAgent() {
            @Override
            protected void onRenderText(ReceivedDirective d, AgentHost client) {
                shown.add(PayloadJson.of(d).path("text").asText());
            }
        };
        try (CicClient client = Clients.started(cic, b -> b.agent(playback).agent(clova).contextProvider(speaker))) {
            say(client, "turn the volume up");
            assertThat(speaker.volume()).isEqualTo(10);
            say(client, "louder");
            assertThat(shown).last().isEqualTo("The volume is already at its highest.");
            say(client, "mute");
            assertThat(speaker.muted()).isTrue();
            say(client, "mute the sound");
            assertThat(shown).last().isEqualTo("The sound is already off.");
            assertThat(done).containsExactly("up", "mute");
        }
    }

    static void say(CicClient client, String text) throws Exception {
        EventResponse r = client.recognizeText(text).get(20, TimeUnit.SECONDS);
        assertThat(r.httpStatus()).isEqualTo(200);
        r.processed().get(10, TimeUnit.SECONDS);
    }
}
