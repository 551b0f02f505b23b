package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./cic admin device list|name} through the running server's admin endpoint: devices are
 * listed once they connected, with name, room, client, last seen and whether they are online; a
 * name given by the command is heard at once by voice; wrong users and devices are refused.
 */
class DeviceAdminTest {

    private static final String PASSWORD = "a long enough password";

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    /** {@code ./cic admin --data-dir <this test's server> ARGS}. */
    static CliRun admin(String stdin, String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "admin";
        full[1] = "--data-dir";
        full[2] = cic.server().config().dataDir().toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return CliRun.run(stdin, full);
    }

    @Test
    void devicesAreListedAndNamedThroughTheRunningServer() throws Exception {
        String user = "d" + UUID.randomUUID().toString().substring(0, 8);
        String deviceId = "speaker-" + UUID.randomUUID();
        try (TestDevice speaker = cic.deviceOf(user, PASSWORD, deviceId)) {
            assertThat(admin("", "device", "list", user).out()).isEqualTo("no devices for " + user + "\n");
            speaker.connect();
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    admin("", "device", "list", user).out().contains(deviceId));
            String[] line = admin("", "device", "list", user).out().strip().split("\t");
            assertThat(line).hasSize(6);
            assertThat(line[0]).isEqualTo(deviceId);
            assertThat(line[1]).as("no name yet").isEqualTo("-");
            assertThat(line[3]).isEqualTo(cic.clientId());
            assertThat(line[5]).isEqualTo("online");

            CliRun named = admin("", "device", "name", user, deviceId, "desk speaker", "--room", "office");
            assertThat(named.code()).as(named.err()).isZero();
            assertThat(named.out()).isEqualTo("device " + deviceId + " of " + user + ": desk speaker (room: office)\n");
            assertThat(admin("", "device", "list", user).out())
                    .startsWith(deviceId + "\tdesk speaker\toffice\t" + cic.clientId() + "\t");
            assertThat(dev.opencic.server.skill.SkillTestSupport.words(
                    dev.opencic.server.skill.SkillTestSupport.say(speaker, "which speaker is this")))
                    .isEqualTo("This is the desk speaker, in the office.");
        }
    }

    @Test
    void unknownUsersAndDevicesAreRefusedWithoutChangingAnything() {
        CliRun noUser = admin("", "device", "list", "nobody-" + UUID.randomUUID());
        assertThat(noUser.code()).isNotZero();
        assertThat(noUser.out()).isEmpty();
        assertThat(noUser.err()).startsWith("cic: no such user: nobody-").doesNotContain("Exception");

        CliRun noDevice = admin("", "device", "name", CicServerExtension.USER, "no-such-device", "x");
        assertThat(noDevice.code()).isEqualTo(1);
        assertThat(admin("", "device", "list", CicServerExtension.USER).out()).doesNotContain("no-such-device");

        CliRun blankName = admin("", "device", "name", CicServerExtension.USER, "no-such-device", " ");
        assertThat(blankName.code()).isEqualTo(2);
    }

    @Test
    void eachCommandHasHelp() {
        CliRun list = admin("", "device", "list", "--help");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("USER").contains("online|offline");
        CliRun name = admin("", "device", "name", "--help");
        assertThat(name.code()).isZero();
        assertThat(name.out()).contains("DEVICE_ID").contains("--room");
    }
}
