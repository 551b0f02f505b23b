package dev.opencic.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.payload.Payloads;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.scheduling.TaskScheduler;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message of the later reference's index tables (CICInterface/Index_for_Directives.md and
 * Index_for_Events.md) has a row in {@code docs/reference-coverage.md}, and the row's server column
 * says what the server really does:
 * <ul>
 *   <li>an event is {@code handler} when a namespace handler of the built-in modules (or the server's
 *       own SpeechSynthesizer/TextRecognizer/SpeechRecognizer handlers) takes it, {@code acknowledged}
 *       when the router only answers it 204 ({@code cic/known-events.txt}), else {@code not yet};</li>
 *   <li>a directive is {@code produces} when the server's sources name it (the directive name as a
 *       string, or its payload record constructed), else {@code not yet};</li>
 *   <li>a {@code not yet} row must give its reason in the notes.</li>
 * </ul>
 * Rows the reference shows only to internal readers (inside its {@code {% if book.TargetReaderType
 * == "Internal" %}} template-engine blocks) are marked {@code internal} in the type column. The SDK
 * and device columns are written by hand and not checked here.
 *
 * <p>The reference is read from {@code -Dcic.reference.dir} (default {@code
 * /work/shared/cic-reference}); where it is absent the doc's own rows stand in for it, so the
 * server column is still checked. {@code -Dcic.coverage.update=true} rewrites the server column (and
 * adds missing rows as {@code not yet}) instead of failing.
 */
class ReferenceCoverageTest {

    static final Path DOC = Path.of("..", "docs", "reference-coverage.md");
    static final Set<String> SERVER_HANDLED = Set.of("SpeechSynthesizer.Request", "SpeechSynthesizer.SpeechStarted",
            "SpeechSynthesizer.SpeechFinished", "SpeechSynthesizer.SpeechStopped", "TextRecognizer.Recognize",
            "SpeechRecognizer.Recognize", "SpeechRecognizer.ExpectSpeechTimedOut");

    /** One message of the reference. */
    record Message(String namespace, String name, String type, boolean internal) {
        String key() {
            return namespace + "." + name + " " + type;
        }
    }

    /** One row of the doc. */
    record Row(String namespace, String name, String type, String server, String sdk, String device, String notes) {
        String key() {
            return namespace + "." + name + " " + type.replace(" (internal)", "");
        }

        String line() {
            return "| " + String.join(" | ", namespace, name, type, server, sdk, device, notes) + " |";
        }
    }

    private static final Pattern ROW = Pattern.compile("\\|\\s*(\\w+)\\s*\\|\\s*\\[`(\\w+)`\\]");
    private static final Pattern IF_BLOCK = Pattern.compile(
            "\\{%\\s*if[^%]*%\\}(.*?)(?:\\{%\\s*else\\s*%\\}(.*?))?\\{%\\s*endif\\s*%\\}", Pattern.DOTALL);

    /** The messages of one index file; rows only in an {@code if} branch with no {@code else} twin are internal. */
    static List<Message> parseIndex(String text, String type) {
        List<Message> out = new ArrayList<>();
        Set<String> internal = new HashSet<>();
        Matcher block = IF_BLOCK.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (block.find()) {
            Set<String> ifRows = names(block.group(1));
            Set<String> elseRows = block.group(2) == null ? Set.of() : names(block.group(2));
            for (String n : ifRows) {
                if (!elseRows.contains(n)) {
                    internal.add(n);
                }
            }
            block.appendReplacement(rest, Matcher.quoteReplacement("\n" + block.group(1) + "\n"
                    + (block.group(2) == null ? "" : block.group(2)) + "\n"));
        }
        block.appendTail(rest);
        Set<String> seen = new HashSet<>();
        Matcher row = ROW.matcher(rest);
        while (row.find()) {
            String qualified = row.group(1) + "." + row.group(2);
            if (seen.add(qualified)) {
                out.add(new Message(row.group(1), row.group(2), type, internal.contains(qualified)));
            }
        }
        return out;
    }

    private static Set<String> names(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + "." + m.group(2));
        }
        return out;
    }

    static List<Row> readDoc() throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(DOC)) {
            return rows;
        }
        for (String line : Files.readAllLines(DOC)) {
            if (!line.startsWith("| ") || line.startsWith("| Namespace") || line.startsWith("|--")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            if (cells.length != 7) {
                throw new AssertionError("a row of " + DOC + " needs 7 cells: " + line);
            }
            rows.add(new Row(cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip(), cells[4].strip(),
                    cells[5].strip(), cells[6].strip()));
        }
        return rows;
    }

    @Test
    void theTemplateEngineBlocksMarkInternalRowsAndKeepTheOthers() {
        String text = """
                | A | [`One`](x) | d |
                {% if book.TargetReaderType == "Internal" %}| A | [`Two`](x) | d |
                | B | [`Three`](x) | d |{% else %}| A | [`Two`](x) | d |{% endif %}
                | B | [`Four`](x) | d |
                """;
        assertThat(parseIndex(text, "directive")).containsExactly(
                new Message("A", "One", "directive", false), new Message("A", "Two", "directive", false),
                new Message("B", "Three", "directive", true), new Message("B", "Four", "directive", false));
    }

    @Test
    void everyReferenceMessageHasARowAndEveryServerClaimIsTrue(@TempDir Path dir) throws Exception {
        Map<String, Message> reference = reference();
        Set<String> handled = handledEvents(dir);
        Set<String> acknowledged = knownEvents();
        String sources = serverSources();
        Map<String, Row> doc = new LinkedHashMap<>();
        readDoc().forEach(r -> doc.put(r.key(), r));
        if (reference.isEmpty()) { // no reference here: the doc's rows stand for it
            doc.values().forEach(r -> reference.put(r.key(), new Message(r.namespace(), r.name(),
                    r.type().replace(" (internal)", ""), r.type().endsWith("(internal)"))));
        }

        List<String> problems = new ArrayList<>();
        Map<String, Row> expected = new TreeMap<>();
        for (Message m : reference.values()) {
            String qualified = m.namespace() + "." + m.name();
            String server = m.type().equals("event")
                    ? handled.contains(qualified) ? "handler" : acknowledged.contains(qualified) ? "acknowledged" : "not yet"
                    : produced(m, sources) ? "produces" : "not yet";
            Row row = doc.get(m.key());
            String type = m.type() + (m.internal() ? " (internal)" : "");
            if (row == null) {
                problems.add("no row for " + qualified + " (" + type + ")");
                row = new Row(m.namespace(), m.name(), type, server, "?", "?", "");
            } else if (!row.server().equals(server) || !row.type().equals(type)) {
                problems.add(qualified + ": the doc says " + row.type() + "/" + row.server() + ", the server: " + type
                             + "/" + server);
            }
            if (server.equals("not yet") && row.notes().isBlank()) {
                problems.add(qualified + " is not handled and the doc gives no reason");
            }
            expected.put(m.key(), new Row(m.namespace(), m.name(), type, server, row.sdk(), row.device(), row.notes()));
        }
        doc.keySet().stream().filter(k -> !reference.containsKey(k))
                .forEach(k -> problems.add("the doc lists " + k + ", which the reference does not"));

        if (Boolean.getBoolean("cic.coverage.update")) {
            rewrite(expected.values());
            return;
        }
        assertThat(problems).as("docs/reference-coverage.md against the server (rerun with -Dcic.coverage.update=true"
                                + " to rewrite its server column)").isEmpty();
    }

    /** The reference's index, keyed like the doc's rows; empty when the reference is not on this machine. */
    private static Map<String, Message> reference() throws IOException {
        Path dir = Path.of(System.getProperty("cic.reference.dir", "/work/shared/cic-reference"))
                .resolve("later-2018-05/References/CICInterface");
        Map<String, Message> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Stream.concat(parseIndex(Files.readString(dir.resolve("Index_for_Directives.md")), "directive").stream(),
                      parseIndex(Files.readString(dir.resolve("Index_for_Events.md")), "event").stream())
                .forEach(m -> out.put(m.key(), m));
        return out;
    }

    /** The events the built-in modules' handlers and the server's own handlers take. */
    private static Set<String> handledEvents(Path dir) {
        Set<String> out = new HashSet<>(SERVER_HANDLED);
        ScheduledExecutorService blocking = Executors.newSingleThreadScheduledExecutor();
        try (Database db = Database.inMemory("coverage-" + System.nanoTime())) {
            ServerConfig config = ServerConfig.builder().dataDir(dir).build();
            SkillContext context = new SkillContext(config, db, new NoDownchannels(), null, blocking,
                    new TaskScheduler(db.dataSource(), Clock.systemUTC()), new SimpleMeterRegistry(), Clock.systemUTC());
            for (SkillModule m : BuiltInModules.create(context)) {
                for (NamespaceHandler h : m.handlers()) {
                    h.eventNames().forEach(n -> out.add(h.namespace() + "." + n));
                }
                m.close();
            }
        } finally {
            blocking.shutdownNow();
        }
        return out;
    }

    private static Set<String> knownEvents() throws IOException {
        try (InputStream in = ReferenceCoverageTest.class.getResourceAsStream("/cic/known-events.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        }
    }

    /** The server's main Java sources as one text, to find the directives it names. */
    private static String serverSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(p)).append('\n');
            }
            return all.toString();
        }
    }

    /** The directive's name as a string, or its payload record constructed, in the server's sources. */
    private static boolean produced(Message m, String sources) {
        if (sources.contains("\"" + m.name() + "\"")) {
            return true;
        }
        return Payloads.type(Payloads.Kind.DIRECTIVE, m.namespace(), m.name())
                .map(t -> t.getName().substring(t.getName().lastIndexOf('.') + 1).replace('$', '.'))
                .filter(simple -> sources.contains("new " + simple + "(")
                                  || sources.contains("Directive.of(new " + simple + "("))
                .isPresent();
    }

    private static void rewrite(java.util.Collection<Row> rows) throws IOException {
        String text = Files.exists(DOC) ? Files.readString(DOC) : "";
        int table = text.indexOf("| Namespace |");
        String head = table < 0 ? text : text.substring(0, table);
        int end = table < 0 ? -1 : text.indexOf("\n\n", table);
        String tail = end < 0 ? "\n" : text.substring(end);
        StringBuilder out = new StringBuilder(head);
        out.append("| Namespace | Message | Type | Server | SDK | Device | Notes |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> out.append(r.line()).append('\n'));
        Files.writeString(DOC, out.toString().stripTrailing() + "\n" + tail.stripTrailing() + "\n");
    }

    /** No device is ever connected: the modules are built only to ask their handlers what they take. */
    private static final class NoDownchannels implements DirectivePusher {
        @Override
        public CompletableFuture<Boolean> push(DeviceIdentity device, Reply reply) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public boolean isOpen(DeviceIdentity device) {
            return false;
        }

        @Override
        public void addOpenListener(Consumer<DeviceIdentity> listener) {}
    }
}
