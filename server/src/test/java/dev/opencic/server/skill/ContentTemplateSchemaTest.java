package dev.opencic.server.skill;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TemplateSchemas;
import dev.opencic.server.testing.TestDevice;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every content template the server sends (except the weather ones, which {@code WeatherTest} checks
 * with its recorded provider answers) matches its JSON schema, asked for over HTTP/2 as a user would;
 * and the schemas catch what they should (a missing field, a wrong value type, a stray field).
 */
class ContentTemplateSchemaTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0)
            .timeZone(ZoneId.of("Europe/Berlin")));

    static TestDevice device;

    @BeforeAll
    static void connect() throws Exception {
        device = cic.newDevice();
        device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    /** What the user says, and the template type the answer shows; in order, since the lists follow the adds. */
    static final List<List<String>> REQUESTS = List.of(
            List.of("set an alarm for 7 am tomorrow", "Alarm"),
            List.of("what alarms do i have", "AlarmList"),
            List.of("set a timer for 10 minutes", "Timer"),
            List.of("how much time is left on my timer", "TimerList"),
            List.of("take a note that the wifi password is tulip 42", "Memo"),
            List.of("read my memos", "MemoList"),
            List.of("remind me to call mom tomorrow at 5 pm", "Reminder"),
            List.of("what are my reminders", "ReminderList"),
            List.of("add dentist tomorrow at 3 pm to my calendar", "Schedule"),
            List.of("what's on my calendar tomorrow", "ScheduleList"),
            List.of("help", "CardList"),
            List.of("what's the date today", "Text"));

    @Test
    void everyTemplateTheServerSendsMatchesItsSchema() throws Exception {
        Set<String> seen = new TreeSet<>();
        for (List<String> request : REQUESTS) {
            String words = request.get(0);
            List<Directive> answer = say(device, words);
            Directive template = answer.stream()
                    .filter(d -> d.header().qualifiedName().equals("Clova.RenderTemplate")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RenderTemplate for '" + words + "': " + names(answer)));
            assertThat(template.payload().path("type").asText()).as(words).isEqualTo(request.get(1));
            TemplateSchemas.assertValid(template.payload());
            seen.add(template.payload().path("type").asText());
        }
        assertThat(seen).hasSize(REQUESTS.size());
    }

    @Test
    void theListsKeepThe2017DirectivesBesideThe2018Templates() throws Exception {
        say(device, "take a note that the boiler code is 7");
        assertThat(names(say(device, "read my memos"))).contains("Clova.RenderTemplate", "Clova.RenderMemoList");
        say(device, "remind me to water the plants tomorrow at 6 pm");
        assertThat(names(say(device, "what are my reminders")))
                .contains("Clova.RenderTemplate", "Clova.RenderReminderList");
    }

    @Test
    void helpSendsClovaHelpWithTheCards() throws Exception {
        List<Directive> answer = say(device, "what can you do");
        assertThat(names(answer)).contains("Clova.RenderTemplate", "Clova.Help");
        Directive help = answer.stream().filter(d -> d.header().qualifiedName().equals("Clova.Help")).findFirst()
                .orElseThrow();
        assertThat(help.payload().size()).isZero();
        JsonNode cards = answer.stream().filter(d -> d.header().qualifiedName().equals("Clova.RenderTemplate"))
                .findFirst().orElseThrow().payload().path("cardList");
        assertThat(cards.size()).isGreaterThan(3);
        assertThat(cards.findValuesAsText("value")).contains("Alarms and timers", "Set an alarm for seven a.m.");
    }

    @Test
    void theSchemasCatchMissingFieldsWrongTypesAndStrayFields() {
        ObjectNode memo = TestDevice.payload().put("type", "Memo");
        memo.putObject("token").put("type", "string").put("value", "m1");
        memo.putObject("content").put("type", "string").put("value", "milk");
        memo.putObject("timestamp").put("type", "datetime").put("value", "2017-12-24T00:00:00Z");
        assertThat(TemplateSchemas.problems(memo)).isEmpty();

        ObjectNode missing = memo.deepCopy();
        missing.remove("timestamp");
        assertThat(TemplateSchemas.problems(missing)).singleElement().asString().contains("timestamp");

        ObjectNode wrongValueType = memo.deepCopy();
        wrongValueType.putObject("timestamp").put("type", "string").put("value", "yesterday");
        assertThat(TemplateSchemas.problems(wrongValueType)).singleElement().asString().contains("datetime");

        ObjectNode stray = memo.deepCopy();
        stray.put("colour", "red");
        assertThat(TemplateSchemas.problems(stray)).singleElement().asString().contains("colour");

        assertThat(TemplateSchemas.problems(TestDevice.payload().put("type", "Hologram")))
                .singleElement().asString().contains("no schema");
    }

    @Test
    void everySchemaReadsWithTheValidatorsKeywordsOnly() throws IOException, URISyntaxException {
        java.net.URI uri = TemplateSchemas.class.getResource("/templates/value-objects.schema.json").toURI();
        // In a reactor build past `package` the schemas are inside the protocol jar: open it to list them.
        try (java.nio.file.FileSystem jar = "jar".equals(uri.getScheme())
                        ? java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of()) : null;
                Stream<Path> files = Files.list(Path.of(uri).getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json"))
                    .toList();
            assertThat(names).contains("Alarm.schema.json", "CardList.schema.json", "Text.schema.json",
                    "TodayWeather.schema.json");
            for (String name : names) {
                JsonNode schema = TemplateSchemas.schema(name);
                if (schema.has("title") && !name.equals("value-objects.schema.json")) {
                    // An empty object is missing every required field, but the schema itself must be readable.
                    ObjectNode empty = TestDevice.payload().put("type", schema.get("title").asText());
                    assertThat(TemplateSchemas.problems(empty)).as(name)
                            .noneMatch(p -> p.contains("not supported") || p.contains("unresolvable"));
                }
            }
        }
    }
}
