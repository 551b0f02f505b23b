package dev.opencic.client.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.agent.AlertsAgent;
import dev.opencic.client.agent.AudioPlayerAgent;
import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.client.agent.DeviceControlAgent;
import dev.opencic.client.agent.MemoAgent;
import dev.opencic.client.agent.NotifierAgent;
import dev.opencic.client.agent.PlaybackControllerAgent;
import dev.opencic.client.agent.ReminderAgent;
import dev.opencic.client.agent.SpeechRecognizerAgent;
import dev.opencic.client.agent.SpeechSynthesizerAgent;
import dev.opencic.client.agent.SystemAgent;
import dev.opencic.client.agent.TemplateRuntimeAgent;
import dev.opencic.client.agent.TextRecognizerAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK column of {@code docs/reference-coverage.md} for directives is what the SDK's capability
 * agents dispatch: {@code agent} (a typed {@code on...} method), {@code agent (any name)} (an agent
 * taking every name of its namespace), {@code no} (the namespace's agent does not take it), {@code
 * no agent}. The server column is checked by the server's {@code ReferenceCoverageTest}.
 */
class ReferenceCoverageSdkTest {

    static final Path DOC = Path.of("..", "docs", "reference-coverage.md");

    @Test
    void theSdkColumnOfEveryDirectiveRowIsWhatTheAgentsDispatch() throws Exception {
        Map<String, CapabilityAgent> agents = Stream.of(new AlertsAgent(), new AudioPlayerAgent(), new ClovaAgent(),
                        new DeviceControlAgent(), new MemoAgent(), new NotifierAgent(), new PlaybackControllerAgent(), new ReminderAgent(),
                        new SpeechRecognizerAgent(), new SpeechSynthesizerAgent((audio, format, token) -> {}),
                        new SystemAgent(), new TemplateRuntimeAgent(), new TextRecognizerAgent())
                .collect(Collectors.toMap(CapabilityAgent::namespace, Function.identity()));
        List<String> problems = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(DOC)) {
            if (!line.startsWith("| ") || line.startsWith("| Namespace")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            if (!cells[2].strip().startsWith("directive")) {
                continue;
            }
            rows++;
            String namespace = cells[0].strip();
            String name = cells[1].strip();
            CapabilityAgent agent = agents.get(namespace);
            String expected = agent == null ? "no agent"
                    : agent.directiveNames().isEmpty() ? "agent (any name)"
                    : agent.handles(name) ? "agent" : "no";
            if (!cells[4].strip().equals(expected)) {
                problems.add(namespace + "." + name + ": the doc says " + cells[4].strip() + ", the SDK: " + expected);
            }
        }
        assertThat(rows).as("directive rows in " + DOC).isGreaterThan(50);
        assertThat(problems).isEmpty();
    }
}
