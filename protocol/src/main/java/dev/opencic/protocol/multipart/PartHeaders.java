package dev.opencic.protocol.multipart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The header block of one multipart part (for example {@code Content-Disposition}, {@code
 * Content-Type}, {@code Content-ID}). Immutable. Names are matched ASCII case-insensitively, and
 * the order in which headers were given or received is kept, because that is the order a writer
 * puts them on the wire.
 *
 * <p>Names must be HTTP tokens and values must not contain CR, LF or NUL, so a {@code PartHeaders}
 * can always be written without corrupting the multipart framing.
 */
public final class PartHeaders {

    private static final PartHeaders EMPTY = new PartHeaders(List.of(), List.of());
    private static final String TCHARS = "!#$%&'*+-.^_`|~";

    private final List<String> names;
    private final List<String> values;

    private PartHeaders(List<String> names, List<String> values) {
        this.names = names;
        this.values = values;
    }

    /**
     * Headers from alternating names and values: {@code of("Content-Type", "application/json",
     * "Content-ID", "<a>")}.
     *
     * @throws IllegalArgumentException if the count is odd, a name is not a token or a value holds
     *     CR, LF or NUL
     */
    public static PartHeaders of(String... nameValuePairs) {
        Objects.requireNonNull(nameValuePairs, "nameValuePairs");
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "expected name/value pairs, got an odd number of strings: " + nameValuePairs.length);
        }
        if (nameValuePairs.length == 0) {
            return EMPTY;
        }
        List<String> names = new ArrayList<>(nameValuePairs.length / 2);
        List<String> values = new ArrayList<>(nameValuePairs.length / 2);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            names.add(checkName(nameValuePairs[i]));
            values.add(checkValue(nameValuePairs[i], nameValuePairs[i + 1]));
        }
        return new PartHeaders(Collections.unmodifiableList(names), Collections.unmodifiableList(values));
    }

    /** Parser path: lists are already filled and validated, and handed over (the caller drops them). */
    static PartHeaders ofValidated(List<String> names, List<String> values) {
        if (names.isEmpty()) {
            return EMPTY;
        }
        return new PartHeaders(Collections.unmodifiableList(names), Collections.unmodifiableList(values));
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "header name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TCHARS.indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("header name is not a token: \"" + name + "\"");
            }
        }
        return name;
    }

    static String checkValue(String name, String value) {
        Objects.requireNonNull(value, () -> "value of header " + name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("value of header " + name + " contains CR, LF or NUL");
            }
        }
        return value;
    }

    /** First value of the header, or null if it is absent. */
    public String get(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** All values of the header in order; empty if it is absent. */
    public List<String> all(String name) {
        Objects.requireNonNull(name, "name");
        List<String> found = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                found.add(values.get(i));
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Distinct header names in first-seen order, spelled as first seen. */
    public Set<String> names() {
        Set<String> lower = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (lower.add(n.toLowerCase(Locale.ROOT))) {
                out.add(n);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Every header in order, including repeated names. */
    public void forEach(BiConsumer<String, String> action) {
        Objects.requireNonNull(action, "action");
        for (int i = 0; i < names.size(); i++) {
            action.accept(names.get(i), values.get(i));
        }
    }

    /** Number of header lines (repeated names count once per line). */
    public int size() {
        return names.size();
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** {@code Content-Type} value, or null. */
    public String contentType() {
        return get("Content-Type");
    }

    /** {@code Content-ID} with surrounding angle brackets and whitespace removed, or null. */
    public String contentId() {
        String v = get("Content-ID");
        if (v == null) {
            return null;
        }
        v = v.trim();
        if (v.startsWith("<")) {
            v = v.substring(1);
        }
        if (v.endsWith(">")) {
            v = v.substring(0, v.length() - 1);
        }
        return v.trim();
    }

    /** The {@code name} parameter of {@code Content-Disposition} (quoted or not), or null. */
    public String dispositionName() {
        String v = get("Content-Disposition");
        return v == null ? null : HeaderParams.param(v, "name");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PartHeaders other) || other.names.size() != names.size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equalsIgnoreCase(other.names.get(i)) || !values.get(i).equals(other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < names.size(); i++) {
            h = 31 * h + names.get(i).toLowerCase(Locale.ROOT).hashCode();
            h = 31 * h + values.get(i).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PartHeaders{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names.get(i)).append(": ").append(values.get(i));
        }
        return sb.append('}').toString();
    }
}
