package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.testing.CicServerExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guest mode through the SDK against the in-process server: {@link CicClient#loginAsGuest()} gets a
 * guest token, a question that needs no account is answered, and one that needs an account reaches
 * {@link ClovaAgent#onExpectLogin} as a typed {@code Clova.ExpectLogin}.
 */
class GuestModeSdkTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void aGuestDeviceIsAskedToLogInForWhatNeedsAnAccount() throws Exception {
        List<Clova.ExpectLogin> logins = new CopyOnWriteArrayList<>();
        ClovaAgent clova = new ClovaAgent() {
            @Override
            protected void onExpectLogin(ReceivedDirective directive, AgentHost host) {
                logins.add(directive.payload(Clova.ExpectLogin.class));
            }
        };
        try (CicClient client = Clients.builder(cic, "guest-device-" + UUID.randomUUID()).agent(clova).build()) {
            client.loginAsGuest();
            client.start();
            client.whenConnected().orTimeout(10, TimeUnit.SECONDS).join();

            EventResponse time = client.recognizeText("what time is it").get(30, TimeUnit.SECONDS);
            time.processed().get(30, TimeUnit.SECONDS);
            assertThat(time.directives()).extracting(ReceivedDirective::name).doesNotContain("ExpectLogin");

            EventResponse note = client.recognizeText("take a note buy milk").get(30, TimeUnit.SECONDS);
            note.processed().get(30, TimeUnit.SECONDS);
            assertThat(note.directives()).extracting(ReceivedDirective::name).contains("ExpectLogin")
                    .doesNotContain("AddMemo");
            assertThat(logins).containsExactly(new Clova.ExpectLogin());
        }
    }
}
