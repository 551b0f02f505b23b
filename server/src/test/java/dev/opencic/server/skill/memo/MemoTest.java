package dev.opencic.server.skill.memo;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Memos by text and by device events over HTTP/2, the server keeping each account's copy. */
class MemoTest {

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension();

    static TestDevice alice;
    static StreamedParts aliceDown;

    @BeforeAll
    static void connect() throws Exception {
        alice = server.newDevice();
        aliceDown = alice.connect();
    }

    @AfterAll
    static void close() {
        alice.close();
    }

    static StreamedParts event(TestDevice device, String name, ObjectNode payload) throws Exception {
        return device.send("Memo", name, MessageIds.newId(), payload);
    }

    static List<JsonNode> memos(TestDevice device) throws Exception {
        StreamedParts res = event(device, "Get", TestDevice.payload());
        assertThat(res.status()).isEqualTo(200);
        Directive list = res.next().directive();
        assertThat(list.header().qualifiedName()).isEqualTo("Clova.RenderMemoList");
        List<JsonNode> out = new java.util.ArrayList<>();
        list.payload().path("memo").forEach(out::add);
        return out;
    }

    static JsonNode memo(TestDevice device, String id) throws Exception {
        return memos(device).stream().filter(m -> m.path("id").asText().equals(id)).findFirst().orElse(null);
    }

    static void assertBadRequest(StreamedParts res, String descriptionPart) throws Exception {
        assertThat(res.status()).isEqualTo(400);
        JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/payload/description").asText()).contains(descriptionPart).doesNotContain("\tat ");
    }

    @Test
    void addingByVoiceSendsAddMemoAndTheServerKeepsIt() throws Exception {
        List<Directive> d = say(alice, "take a note that the wifi password is tulip 42");
        assertThat(names(d)).containsExactly("SpeechSynthesizer.Speak", "Clova.RenderText", "Clova.AddMemo",
                "Clova.RenderTemplate");
        Directive add = d.get(2);
        assertThat(add.payload().path("content").asText()).isEqualTo("the wifi password is tulip 42");
        String id = add.payload().path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(words(d)).contains("the wifi password is tulip 42");
        // The device confirms with Memo.Created (same id): still one memo.
        assertThat(event(alice, "Created", TestDevice.payload().put("id", id)
                .put("content", "the wifi password is tulip 42")).status()).isEqualTo(204);
        assertThat(memos(alice).stream().filter(m -> m.path("id").asText().equals(id))).hasSize(1);

        List<Directive> list = say(alice, "read me my memos");
        assertThat(names(list)).contains("Clova.RenderMemoList");
        assertThat(words(list)).contains("the wifi password is tulip 42");
    }

    @Test
    void withoutContentItAsksAndTheAnswerBecomesTheMemo() throws Exception {
        ObjectNode payload = TestDevice.payload().put("text", "make a memo");
        String dialog = MessageIds.newId();
        List<Directive> first = alice.send(TestDevice.metadata("TextRecognizer", "Recognize", dialog, payload)).directives();
        assertThat(names(first)).contains("SpeechRecognizer.ExpectSpeech");
        List<Directive> second = alice.send(TestDevice.metadata("TextRecognizer", "Recognize", dialog,
                        TestDevice.payload().put("text", "the car is on level three"))).directives();
        assertThat(names(second)).contains("Clova.AddMemo");
        assertThat(memos(alice)).anyMatch(m -> m.path("content").asText().equals("the car is on level three"));
    }

    @Test
    void anEditOnTheDeviceIsNeverOverwrittenByAnOlderOneArrivingLate() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(event(alice, "Created", TestDevice.payload().put("id", id).put("content", "v1")
                .put("timestamp", "2026-11-24T10:00:00Z")).status()).isEqualTo(204);
        // The newer edit arrives first, the older one after it.
        assertThat(event(alice, "Updated", TestDevice.payload().put("id", id).put("content", "v3")
                .put("timestamp", "2026-11-24T10:05:00Z")).status()).isEqualTo(204);
        assertThat(event(alice, "Updated", TestDevice.payload().put("id", id).put("content", "v2")
                .put("timestamp", "2026-11-24T10:02:00+00:00")).status()).isEqualTo(204);
        assertThat(memo(alice, id).path("content").asText()).isEqualTo("v3");
        // A late re-send of the creation does not undo the edit either.
        event(alice, "Created", TestDevice.payload().put("id", id).put("content", "v1")
                .put("timestamp", "2026-11-24T10:00:00Z"));
        assertThat(memo(alice, id).path("content").asText()).isEqualTo("v3");
        // Deleted, then an edit made before the deletion arrives: the memo stays deleted.
        assertThat(event(alice, "Deleted", TestDevice.payload().put("id", id)
                .put("timestamp", "2026-11-24T10:10:00Z")).status()).isEqualTo(204);
        event(alice, "Updated", TestDevice.payload().put("id", id).put("content", "v4")
                .put("timestamp", "2026-11-24T10:08:00Z"));
        assertThat(memo(alice, id)).isNull();
        // An edit made after the deletion (on another device) is kept, not lost.
        event(alice, "Updated", TestDevice.payload().put("id", id).put("content", "v5")
                .put("timestamp", "2026-11-24T10:12:00Z"));
        assertThat(memo(alice, id).path("content").asText()).isEqualTo("v5");
    }

    @Test
    void withoutTimestampsTheOrderOfArrivalCounts() throws Exception {
        String id = UUID.randomUUID().toString();
        event(alice, "Created", TestDevice.payload().put("id", id).put("content", "first"));
        event(alice, "Updated", TestDevice.payload().put("id", id).put("content", "second"));
        assertThat(memo(alice, id).path("content").asText()).isEqualTo("second");
    }

    @Test
    void badEventsAre400WithSystemException() throws Exception {
        assertBadRequest(event(alice, "Updated", TestDevice.payload().put("id", "no-such-memo").put("content", "x")),
                "unknown memo id");
        assertBadRequest(event(alice, "Deleted", TestDevice.payload().put("id", "no-such-memo")), "unknown memo id");
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("content", "no id")), "payload.id");
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("id", "x1")), "payload.content");
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("id", "x2").put("content", " ")),
                "payload.content");
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("id", "x3").put("content", "c")
                .put("timestamp", "yesterday")), "timestamp");
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("id", "x4").put("content", "c".repeat(1001))),
                "longer than");
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("id", 42).put("content", "c")), "payload.id");
        // a device clock far ahead would freeze the memo against every later edit
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("id", "x5").put("content", "c")
                .put("timestamp", "9999-01-01T00:00:00Z")), "in the future");
        assertBadRequest(event(alice, "Created", TestDevice.payload().put("id", "x6").put("content", "c")
                .put("timestamp", "+999999999-12-31T23:59:59Z")), "timestamp");
    }

    @Test
    void deletingByVoice() throws Exception {
        say(alice, "make a note that the garage code is 4417");
        List<Directive> missing = say(alice, "delete the memo about the passport number");
        assertThat(words(missing)).contains("couldn't find a memo about the passport number");
        assertThat(names(missing)).doesNotContain("Clova.DeleteMemo");

        List<Directive> d = say(alice, "delete the memo about the garage code");
        assertThat(names(d)).contains("Clova.DeleteMemo");
        assertThat(words(d)).contains("garage code is 4417");
        assertThat(memos(alice)).noneMatch(m -> m.path("content").asText().contains("garage code"));

        say(alice, "make a note that the bike lock code is 0815");
        List<Directive> pick = say(alice, "delete a memo");
        assertThat(names(pick)).contains("Clova.DeleteMemo", "Clova.RenderMemoList");
    }

    @Test
    void accountsNeverSeeEachOthersMemos() throws Exception {
        say(alice, "take a note that alice's secret is blue");
        try (TestDevice bob = server.deviceOf("bob", "bob's long password", "bob-speaker")) {
            StreamedParts down = bob.connect();
            assertThat(memos(bob)).noneMatch(m -> m.path("content").asText().contains("alice"));
            assertThat(words(say(bob, "read my memos"))).isEqualTo("You have no memos.");
            assertThat(words(say(bob, "delete the memo about alice's secret"))).contains("no memos");
            // Bob cannot edit or delete Alice's memo even knowing its id.
            String aliceId = memos(alice).stream().filter(m -> m.path("content").asText().contains("alice"))
                    .findFirst().orElseThrow().path("id").asText();
            assertBadRequest(event(bob, "Updated", TestDevice.payload().put("id", aliceId).put("content", "bob was here")),
                    "unknown memo id");
            assertBadRequest(event(bob, "Deleted", TestDevice.payload().put("id", aliceId)), "unknown memo id");
            // Bob creating a memo with the same id makes his own.
            event(bob, "Created", TestDevice.payload().put("id", aliceId).put("content", "bob's memo"));
            assertThat(memo(alice, aliceId).path("content").asText()).isEqualTo("alice's secret is blue");
            down.whenEnded().cancel(true);
        }
    }
}
