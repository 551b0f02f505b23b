package dev.opencic.client.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.opencic.client.CicClient;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's public API (public and protected members of the public classes outside {@code
 * internal}) is listed in {@code client/api/cic-client.api}; a change to it fails here until the
 * listing is regenerated, so it shows in the diff of the change and gets a line in the README's
 * "Changes". A listing rather than japicmp: the SDK has no released artifact to compare against
 * yet, and the listing is plain text a reviewer reads in the same diff.
 */
class PublicApiTest {

    static final Path LISTING = Path.of("api", "cic-client.api");
    static final String REGENERATE = "./mvnw -B -pl client -am -Dtest=PublicApiTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dcic.api.update=true verify";

    @Test
    void thePublicApiIsTheCheckedInListing() throws IOException {
        List<String> actual = listing();
        if (Boolean.getBoolean("cic.api.update")) {
            Files.createDirectories(LISTING.getParent());
            Files.write(LISTING, actual);
            return;
        }
        List<String> expected = Files.exists(LISTING) ? Files.readAllLines(LISTING) : List.of();
        if (!actual.equals(expected)) {
            Set<String> removed = new LinkedHashSet<>(expected);
            actual.forEach(removed::remove);
            Set<String> added = new LinkedHashSet<>(actual);
            expected.forEach(added::remove);
            StringBuilder diff = new StringBuilder("The SDK's public API changed. Removed:\n");
            removed.forEach(l -> diff.append("- ").append(l.strip()).append('\n'));
            diff.append("Added:\n");
            added.forEach(l -> diff.append("+ ").append(l.strip()).append('\n'));
            diff.append("If that is intended, note it under \"Changes\" in client/README.md and regenerate ")
                    .append(LISTING).append(" from the repository root with:\n  ").append(REGENERATE);
            fail(diff.toString());
        }
    }

    @Test
    void publicSignaturesNameNoInternalAndNoJacksonType() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Class<?> c : apiClasses()) {
            List<Type> types = new ArrayList<>();
            if (c.getGenericSuperclass() != null) {
                types.add(c.getGenericSuperclass());
            }
            types.addAll(Arrays.asList(c.getGenericInterfaces()));
            types.forEach(t -> check(c.getName(), t, offending));
            for (Member m : members(c)) {
                List<Type> used = new ArrayList<>();
                if (m instanceof Method method) {
                    used.add(method.getGenericReturnType());
                }
                if (m instanceof Executable e) {
                    used.addAll(Arrays.asList(e.getGenericParameterTypes()));
                }
                if (m instanceof Field f) {
                    used.add(f.getGenericType());
                }
                used.forEach(t -> check(c.getName() + "." + m.getName(), t, offending));
            }
        }
        assertThat(offending).as("public API members naming internal or Jackson types (or protocol types holding them)").isEmpty();
    }

    /** Protocol types whose fields are Jackson trees: naming them is naming Jackson. */
    private static final Set<String> HOLD_JSON_TREES = Set.of("dev.opencic.protocol.ContextObject",
            "dev.opencic.protocol.Event", "dev.opencic.protocol.Directive");

    private static void check(String where, Type t, List<String> offending) {
        if (t instanceof Class<?> c) {
            Class<?> outer = c;
            while (outer.isArray()) {
                outer = outer.getComponentType();
            }
            String name = outer.getName();
            if (name.startsWith("dev.opencic.client.internal.") || name.startsWith("com.fasterxml.")
                    || HOLD_JSON_TREES.contains(name)) {
                offending.add(where + ": " + name);
            }
        } else if (t instanceof ParameterizedType p) {
            check(where, p.getRawType(), offending);
            Arrays.stream(p.getActualTypeArguments()).forEach(a -> check(where, a, offending));
        } else if (t instanceof WildcardType w) {
            Stream.concat(Arrays.stream(w.getUpperBounds()), Arrays.stream(w.getLowerBounds()))
                    .forEach(b -> check(where, b, offending));
        } else if (t instanceof GenericArrayType g) {
            check(where, g.getGenericComponentType(), offending);
        } else if (t instanceof TypeVariable<?> v) {
            Arrays.stream(v.getBounds()).forEach(b -> check(where, b, offending));
        }
    }

    /** One line per public class, then one per public or protected member, sorted. */
    static List<String> listing() throws IOException {
        TreeMap<String, List<String>> byClass = new TreeMap<>();
        for (Class<?> c : apiClasses()) {
            List<String> lines = new ArrayList<>();
            for (Member m : members(c)) {
                String s = m instanceof Executable e ? e.toGenericString() : ((Field) m).toGenericString();
                lines.add("  " + s);
            }
            lines.sort(null);
            StringBuilder header = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.STATIC))
                    .append(c.isInterface() ? " interface " : c.isEnum() ? " enum " : c.isRecord() ? " record " : " class ")
                    .append(c.getName());
            if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
                header.append(" extends ").append(c.getGenericSuperclass().getTypeName());
            }
            if (c.getGenericInterfaces().length > 0) {
                header.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ",
                        Arrays.stream(c.getGenericInterfaces()).map(Type::getTypeName).toList()));
            }
            lines.add(0, header.toString().strip());
            byClass.put(c.getName(), lines);
        }
        List<String> out = new ArrayList<>();
        byClass.values().forEach(out::addAll);
        return out;
    }

    private static List<Member> members(Class<?> c) {
        List<Member> out = new ArrayList<>();
        Stream.of(c.getDeclaredConstructors(), c.getDeclaredMethods(), c.getDeclaredFields())
                .flatMap(Arrays::stream)
                .filter(m -> !m.isSynthetic() && !(m instanceof Method method && method.isBridge()))
                .filter(m -> Modifier.isPublic(m.getModifiers())
                        || Modifier.isProtected(m.getModifiers()) && !Modifier.isFinal(c.getModifiers()))
                .forEach(out::add);
        return out;
    }

    /** The public classes (nested ones included) of the SDK's packages other than {@code internal}. */
    static List<Class<?>> apiClasses() throws IOException {
        Path root;
        try {
            root = Path.of(CicClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/opencic/client"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains(".internal.")) {
                    continue;
                }
                Class<?> c;
                try {
                    c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IOException(e);
                }
                if (isVisible(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }
}
