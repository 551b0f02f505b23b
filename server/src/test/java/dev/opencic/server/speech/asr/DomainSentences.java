package dev.opencic.server.speech.asr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Test sentences in the style of the server's intent templates ({@code nlu/en/intents.txt}):
 * {@code (a|b)} one of, {@code [a|b]} optional, {@code {text}} filled from a list of realistic
 * free-text fillers. The real caller generates its sentences from the templates the same way.
 */
final class DomainSentences {

    private DomainSentences() {}

    static final List<String> TEMPLATES = List.of(
            "what time is it [now|right now|please]",
            "[please] tell me the time [please]",
            "(what's|what is) the time [now|right now|please]",
            "(do you have|have you got|do you know) the time",
            "(what's|what is) the current time",
            "what time do you have",
            "could you tell me (the time|what time it is)",
            "(what's|what is) [the] (date|day) [today]",
            "what (day|date) is (it|today)",
            "(hello|hi|hey|good morning|good evening) [there]",
            "how are you [doing] [today]",
            "help [me] [please]",
            "what can (you do|i say)",
            "(play|put on) [some] {artist}",
            "play [some] music by {artist}",
            "(pause|stop|resume) [the] music",
            "turn (up|down) the volume",
            "set [an] alarm for {time}",
            "wake me up at {time}",
            "remind me to {text}",
            "remind me (tomorrow|tonight|later) to {text}",
            "(take|make) a (note|memo) {text}",
            "what's the weather [like] [today|tomorrow]",
            "will it rain [today|tomorrow]");

    static final List<String> ARTISTS = List.of("coldplay", "beyonce", "radiohead", "the beatles", "adele",
            "taylor swift", "queen", "madonna");

    static final List<String> TIMES = List.of("seven am", "six thirty am", "eight pm", "ten fifteen pm",
            "nine o'clock", "noon");

    static final List<String> TEXTS = List.of("buy milk", "call my mother", "pick up the kids from school",
            "pay the electricity bill", "water the plants", "book a table for dinner", "send the report to my boss",
            "take out the trash", "buy a birthday present for my sister", "clean the kitchen",
            "check the train times", "renew my passport", "walk the dog", "get some bread and cheese",
            "phone the dentist", "finish the presentation", "bring an umbrella", "feed the cat",
            "the meeting is moved to friday", "buy eggs and coffee", "return the library books");

    /** All expansions of the templates, free-text slots filled from the lists above. */
    static List<String> sentences() {
        return sentences(TEMPLATES);
    }

    static List<String> sentences(List<String> templates) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : templates) {
            for (String s : expand(t)) {
                if (s.contains("{artist}")) {
                    ARTISTS.forEach(a -> out.add(s.replace("{artist}", a)));
                } else if (s.contains("{time}")) {
                    TIMES.forEach(a -> out.add(s.replace("{time}", a)));
                } else if (s.contains("{text}")) {
                    TEXTS.forEach(a -> out.add(s.replace("{text}", a)));
                } else {
                    out.add(s);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Expands {@code (a|b)} and {@code [a|b]} (not nested). */
    static List<String> expand(String template) {
        List<String> partial = new ArrayList<>(List.of(""));
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '(' || c == '[') {
                int end = template.indexOf(c == '(' ? ')' : ']', i);
                List<String> options = new ArrayList<>(List.of(template.substring(i + 1, end).split("\\|")));
                if (c == '[') {
                    options.add("");
                }
                List<String> next = new ArrayList<>();
                for (String p : partial) {
                    for (String o : options) {
                        next.add(p + o);
                    }
                }
                partial = next;
                i = end + 1;
            } else {
                int end = i;
                while (end < template.length() && template.charAt(end) != '(' && template.charAt(end) != '[') {
                    end++;
                }
                String lit = template.substring(i, end);
                partial.replaceAll(p -> p + lit);
                i = end;
            }
        }
        List<String> out = new ArrayList<>();
        for (String p : partial) {
            out.add(p.trim().replaceAll("\\s+", " "));
        }
        return out;
    }
}
