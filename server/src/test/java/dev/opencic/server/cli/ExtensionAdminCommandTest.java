package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cic admin extension ...} without a server (the database directly): the command-line
 * contract of issue 22 (the push secret as the last line of {@code add}, {@code key} printing PEM).
 * The same commands through a running server's admin route are exercised by ExtensionDialogTest.
 */
class ExtensionAdminCommandTest {

    @TempDir
    Path dataDir;

    static final String MODEL = """
            {"invocation": "space facts", "intents": [{"name": "GetFact", "slots": {"planet": "PLANET"},
             "samples": ["tell me about {planet}"]}], "slotTypes": {"PLANET": ["mars", "venus"]}}
            """;

    CliRun admin(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "admin";
        all[1] = "--data-dir";
        all[2] = dataDir.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.run("a long enough password\n", all);
    }

    @Test
    void addListUpdateEnableDisableRemove() throws Exception {
        Path model = Files.writeString(dataDir.resolve("model.json"), MODEL);
        CliRun added = admin("extension", "add", "space-facts", "--url", "http://127.0.0.1:9/cek", "--model", model.toString());
        assertThat(added.code()).as(added.err()).isZero();
        List<String> lines = added.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("[A-Za-z0-9_-]{43}");
        assertThat(lines.get(0)).contains("space-facts", "space facts", "GetFact");

        CliRun again = admin("extension", "add", "space-facts", "--url", "http://127.0.0.1:9/cek", "--model", model.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("exists");

        assertThat(admin("extension", "list").out()).contains("space-facts\thttp://127.0.0.1:9/cek\tinvocation=\"space facts\"");
        assertThat(admin("extension", "update", "space-facts", "--url", "https://example.org/cek").code()).isZero();
        assertThat(admin("extension", "list").out()).contains("https://example.org/cek");

        assertThat(admin("user", "add", "carol").code()).isZero();
        assertThat(admin("extension", "disable", "space-facts", "--user", "carol").out()).contains("disabled for carol");
        assertThat(admin("extension", "list").out()).contains("disabled-for=1");
        assertThat(admin("extension", "enable", "space-facts", "--user", "carol").out()).contains("enabled for carol");
        assertThat(admin("extension", "disable", "space-facts", "--user", "nobody").err()).contains("no such user");

        assertThat(admin("extension", "remove", "space-facts").out()).contains("extension removed: space-facts");
        assertThat(admin("extension", "remove", "space-facts").err()).contains("no extension named space-facts");
        assertThat(admin("extension", "list").out()).contains("no extensions");
    }

    @Test
    void badInputIsRefusedWithTheReason() throws Exception {
        Path bad = Files.writeString(dataDir.resolve("bad.json"), "{\"intents\": [{\"name\": \"A\", \"samples\": [\"{x}\"]}]}");
        CliRun r = admin("extension", "add", "x", "--url", "http://127.0.0.1:9/", "--model", bad.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("{x}");
        Path good = Files.writeString(dataDir.resolve("good.json"), MODEL);
        assertThat(admin("extension", "add", "x", "--url", "ftp://h/", "--model", good.toString()).err()).contains("http(s)");
        assertThat(admin("extension", "add", "Bad Name", "--url", "http://h/", "--model", good.toString()).err())
                .contains("bad extension name");
    }

    @Test
    void keyPrintsTheSamePublicKeyEachTimeFromAnOwnerOnlyFile() throws Exception {
        CliRun first = admin("extension", "key");
        assertThat(first.code()).isZero();
        assertThat(first.out()).startsWith("-----BEGIN PUBLIC KEY-----").contains("-----END PUBLIC KEY-----");
        assertThat(admin("extension", "key").out()).isEqualTo(first.out());
        Path key = dataDir.resolve("extension-signing-key.pem");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
