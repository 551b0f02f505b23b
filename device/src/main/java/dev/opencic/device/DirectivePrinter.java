package dev.opencic.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.Attachment;
import dev.opencic.client.CicException;
import dev.opencic.client.DirectiveListener;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.AudioPlayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints directives as the device receives them, after saving their attachments to the output
 * directory: one human-readable line each, or with {@code --json} one JSON object per line
 * ({@code {"directive": {"header", "payload"}, "source", "attachments": [paths]}}), the format
 * scripts rely on (device/README.md). Errors go to stdout as {@code {"error": {"code",
 * "description"}}} with {@code --json}, and always as one line on stderr.
 */
final class DirectivePrinter extends DirectiveListener {

    private static final ObjectMapper JSON = MessageCodec.mapper();

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final Path outDir;
    private final boolean cloudInitiated;

    /**
     * @param cloudInitiated whether to print directives outside any dialog (the downchannel's
     *                       {@code Clova.Hello} and pushes): {@code run} does, {@code say} does not
     */
    DirectivePrinter(PrintWriter out, PrintWriter err, boolean json, Path outDir, boolean cloudInitiated) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.outDir = outDir;
        this.cloudInitiated = cloudInitiated;
    }

    Path outDir() {
        return outDir;
    }

    boolean json() {
        return json;
    }

    @Override
    public void onDirective(ReceivedDirective d) {
        if (!cloudInitiated && d.dialogRequestId() == null && d.source() == ReceivedDirective.Source.DOWNCHANNEL) {
            return;
        }
        List<Path> saved = new ArrayList<>();
        for (Attachment a : d.attachments().values()) {
            try {
                saved.add(save(a, d));
            } catch (IOException e) {
                warn("could not save attachment " + a.contentId() + " to " + outDir + ": " + e.getMessage());
            }
        }
        if (json) {
            line(jsonLine(d, saved));
        } else {
            line(humanLine(d, saved));
        }
    }

    @Override
    public void onException(CicException e) {
        error(e.code(), e.description());
    }

    @Override
    public void onDirectiveFailed(ReceivedDirective d, Throwable cause) {
        warn(d.namespace() + "." + d.name() + " failed: " + DeviceException.oneLine(DeviceException.describe(cause)));
    }

    /** An error: a JSON line on stdout with {@code --json}, and one line on stderr. */
    void error(Integer code, String description) {
        error(code, description, (code != null ? "error " + code + ": " : "") + description);
    }

    /** An error whose stderr line differs from its JSON description. */
    void error(Integer code, String description, String stderrLine) {
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode e = root.putObject("error");
            if (code == null) {
                e.putNull("code");
            } else {
                e.put("code", code);
            }
            e.put("description", description);
            line(root.toString());
        }
        synchronized (this) {
            err.println("cic device: " + DeviceException.oneLine(stderrLine));
            err.flush();
        }
    }

    /** Progress for people: printed in human mode only, so {@code --json} output stays parseable. */
    void info(String message) {
        if (!json) {
            line(message);
        }
    }

    /** Something the device did by itself (an alarm ringing): a line for people, or one JSON object. */
    void notice(String human, com.fasterxml.jackson.databind.node.ObjectNode asJson) {
        line(json ? asJson.toString() : human);
    }

    /** A warning on stderr (both modes). */
    synchronized void warn(String message) {
        err.println("cic device: warning: " + DeviceException.oneLine(message));
        err.flush();
    }

    private synchronized void line(String s) {
        out.println(s);
        out.flush();
    }

    String jsonLine(ReceivedDirective d, List<Path> saved) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode directive = root.putObject("directive");
        directive.set("header", JSON.valueToTree(d.header()));
        directive.set("payload", payload(d));
        root.put("source", d.source().name().toLowerCase(Locale.ROOT));
        ArrayNode paths = root.putArray("attachments");
        saved.forEach(p -> paths.add(p.toString()));
        return root.toString();
    }

    static String humanLine(ReceivedDirective d, List<Path> saved) {
        String qualified = d.namespace() + "." + d.name();
        String files = saved.isEmpty() ? "" : saved.size() == 1 ? saved.get(0).toString() : saved.toString();
        ObjectNode payload = payload(d);
        switch (qualified) {
            case "SpeechSynthesizer.Speak": {
                String text = payload.path("ttsText").asText("");
                return "Speak: " + (text.isEmpty() ? "" : quote(text) + " ")
                        + (files.isEmpty() ? "(no audio)" : "(audio saved to " + files + ")");
            }
            case "Clova.RenderText":
                return "RenderText: " + payload.path("text").asText("");
            case "SpeechRecognizer.ShowRecognizedText":
                return "Recognized: " + quote(payload.path("text").asText(""));
            case "SpeechRecognizer.StopCapture": {
                String heard = payload.path("recognizedText").asText("");
                return "StopCapture" + (heard.isEmpty() ? "" : " (recognized: " + quote(heard) + ")");
            }
            case "SpeechRecognizer.KeepRecording":
                return "KeepRecording (still listening: go on)";
            case "Clova.Hello":
                return "Hello (downchannel open)";
            case "Clova.ExpectLogin":
                return "ExpectLogin: that needs an account (this device is in guest mode). Log in with "
                        + "`cic device login --server URL --user NAME --client-id ID --client-secret SECRET`, "
                        + "then ask again";
            case "Clova.StartExtension":
                return "extension " + payload.path("extension").asText("?") + " started";
            case "Clova.FinishExtension":
                return "extension " + payload.path("extension").asText("?") + " finished";
            case "Clova.HandleDelegatedEvent":
                return "Delegated: another device handed a request to this one; fetching its result";
            case "System.SynchronizeState":
                return "SynchronizeState: " + payload.path("allAlerts").size() + " alarm(s) and timer(s) from the server";
            case "Clova.Help":
                return "Help (this device has no guide of its own: see the cards)";
            case "Clova.RenderTemplate":
                return "Template " + payload.path("type").asText("?") + ": " + templateSummary(payload);
            // A headless device has no light: it says what its indicator would show.
            case "Notifier.SetIndicator":
                return "Notifier: indicator on" + (payload.path("new").asBoolean(false) ? " (new notice"
                        + (payload.path("assets").isEmpty() ? ")" : ", chime)") : " (unread notice)");
            case "Notifier.ClearIndicator":
                return "Notifier: indicator off";
            case "Notifier.Notify":
                return "Notifier: notice (light " + payload.path("light").asText("?") + ", "
                        + payload.path("assetPlayOrder").size() + " sound(s))";
            case "AudioPlayer.Play": {
                var item = payload.path("audioItem");
                return "Play (" + payload.path("playBehavior").asText("?") + "): " + describe(item)
                        + " [token " + item.path("stream").path("token").asText("?") + "]";
            }
            case "AudioPlayer.StreamDeliver":
                return "StreamDeliver [" + payload.path("audioItemId").asText("?") + "]";
            default:
                return qualified + " " + payload + (files.isEmpty() ? "" : " (attachments saved to " + files + ")");
        }
    }

    /**
     * The words a template shows, in one line: every string value of its value objects, in order
     * ({@code "Alarms and timers; Set an alarm for seven a.m.; ..."}), at most 200 characters.
     */
    static String templateSummary(ObjectNode template) {
        List<String> words = new ArrayList<>();
        collect(template, words);
        String all = String.join("; ", words);
        return all.length() <= 200 ? all : all.substring(0, 197) + "...";
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode node, List<String> words) {
        if (node.isObject() && node.path("type").isTextual() && node.path("value").isTextual()) {
            String type = node.get("type").asText();
            String value = node.get("value").asText();
            // Ids and links mean nothing on a console.
            if (!value.isEmpty() && !type.equals("url") && !looksLikeId(value)) {
                words.add(value);
            }
            return;
        }
        node.forEach(child -> collect(child, words));
    }

    private static boolean looksLikeId(String value) {
        return value.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    /**
     * A music playback event the device sent (PlayStarted, ...): {@code Music PlayStarted: "Title" by
     * Artist}, or with {@code --json} {@code {"playback": {"event", "token", "title"}}}.
     */
    void playback(String event, AudioPlayer.AudioItem item) {
        com.fasterxml.jackson.databind.JsonNode audioItem = item == null ? null : JSON.valueToTree(item);
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode p = root.putObject("playback").put("event", event);
            if (audioItem != null) {
                p.put("token", audioItem.path("stream").path("token").asText(""));
                p.put("title", title(audioItem));
            }
            line(root.toString());
        } else {
            line("Music " + event + (audioItem != null ? ": " + describe(audioItem) : ""));
        }
    }

    /** {@code "Title" by Artist} of a Play's audioItem, as far as it says. */
    static String describe(AudioPlayer.AudioItem item) {
        return describe((com.fasterxml.jackson.databind.JsonNode) JSON.valueToTree(item));
    }

    /** {@code "Title" by Artist} of a Play's audioItem as received, as far as it says. */
    static String describe(com.fasterxml.jackson.databind.JsonNode item) {
        String artist = item.path("artists").path(0).asText(item.path("titleSubText1").asText(""));
        return quote(title(item)) + (artist.isEmpty() ? "" : " by " + artist);
    }

    private static String title(com.fasterxml.jackson.databind.JsonNode item) {
        return item.path("title").asText(item.path("titleText").asText(item.path("audioItemId").asText("")));
    }

    /** The directive's payload as received, to print it and the fields no payload record names (ttsText). */
    static ObjectNode payload(ReceivedDirective d) {
        try {
            return (ObjectNode) JSON.readTree(d.payloadJson());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path save(Attachment a, ReceivedDirective d) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(safe(a.contentId()) + extension(a, d));
        Files.write(file, a.bytes());
        return file;
    }

    static String extension(Attachment a, ReceivedDirective d) {
        String type = a.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("mpeg") || type.contains("mp3") || "AUDIO_MPEG".equals(payload(d).path("format").asText())) {
            return ".mp3";
        }
        if (type.contains("wav")) {
            return ".wav";
        }
        if (type.startsWith("text/")) {
            return ".txt";
        }
        return ".bin";
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
