package dev.opencic.server.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The model file: what it accepts, what it refuses (naming the mistake), and how samples match. */
class ExtensionModelTest {

    static final String MODEL = """
            {"invocation": "Space Facts!",
             "intents": [{"name": "GetFact", "slots": {"planet": "PLANET"},
                          "samples": ["tell me about {planet}", "[what about] {planet}"]},
                         {"name": "Count", "slots": {"n": "NUMBER"}, "samples": ["count to {n}"]}],
             "slotTypes": {"PLANET": ["venus", {"value": "mars", "synonyms": ["the red planet"]}]}}
            """;

    @Test
    void samplesMatchWithCustomValuesSynonymsAndBuiltInTypes() {
        ExtensionModel model = ExtensionModel.parse(MODEL, "space-facts");
        assertThat(model.invocation()).isEqualTo("space facts");
        assertThat(model.intentNames()).containsExactly("GetFact", "Count");
        var fact = model.match("Tell me about the Red Planet").orElseThrow();
        assertThat(fact.intent().name()).isEqualTo("GetFact");
        assertThat(model.canonical("PLANET", fact.slotTexts().get("planet"))).isEqualTo("mars");
        assertThat(model.match("what about venus").orElseThrow().intent().name()).isEqualTo("GetFact");
        assertThat(model.match("tell me about pluto")).as("not a PLANET value").isEmpty();
        var count = model.match("count to twenty one").orElseThrow();
        assertThat(count.intent().slotTypes().get("n")).isEqualTo("number");
        assertThat(SlotValues.number("twenty one")).isEqualTo("21");
        assertThat(SlotValues.number("seven")).isEqualTo("7");
        assertThat(SlotValues.number("many")).isNull();
    }

    @Test
    void withoutAnInvocationTheNameIsSaid() {
        assertThat(ExtensionModel.parse("{\"intents\": [{\"name\": \"A\", \"samples\": [\"hi\"]}]}", "moon-base")
                .invocation()).isEqualTo("moon base");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ExtensionModel.parse("{", "x")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ExtensionModel.parse("{\"intents\": []}", "x")).hasMessageContaining("intents");
        assertThatThrownBy(() -> ExtensionModel.parse(
                "{\"intents\": [{\"name\": \"A\", \"slots\": {\"p\": \"NOPE\"}, \"samples\": [\"{p}\"]}]}", "x"))
                .hasMessageContaining("unknown type NOPE");
        assertThatThrownBy(() -> ExtensionModel.parse(
                "{\"intents\": [{\"name\": \"A\", \"samples\": [\"about {p}\"]}]}", "x"))
                .hasMessageContaining("{p}");
        assertThatThrownBy(() -> ExtensionModel.parse(
                "{\"intents\": [{\"name\": \"A\", \"samples\": [\"a\"]}, {\"name\": \"A\", \"samples\": [\"b\"]}]}", "x"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ExtensionModel.parse(
                "{\"intents\": [{\"name\": \"A\", \"samples\": [\"a\"]}], \"slotTypes\": {\"time\": [\"x\"]}}", "x"))
                .hasMessageContaining("built-in");
    }
}
