package dev.opencic.device;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code name "NAME" [--room ROOM]}: names this device as the user calls it ({@code Household.SetDeviceName},
 * what an app's settings screen sends), so "play jazz on the kitchen speaker" and "announce in the
 * kitchen ..." reach it. Prints one line saying what it is now called; a blank or too long name exits
 * with the server's refusal in one line.
 */
@Command(name = "name", description = "Name this device (and put it in a room) for the household: Household.SetDeviceName.")
final class NameCommand implements Callable<Integer> {

    @ParentCommand
    DeviceMain main;

    @Parameters(index = "0", paramLabel = "NAME", description = "What the user calls this device, e.g. \"kitchen speaker\"")
    String name;

    @Option(names = "--room", paramLabel = "ROOM", description = "The room it is in (default: the room it had)")
    String room;

    @Override
    public Integer call() throws Exception {
        if (name.isBlank() || room != null && room.isBlank()) {
            throw new DeviceException(DeviceException.USAGE, name.isBlank() ? "NAME is empty" : "ROOM is empty");
        }
        DeviceSession.requireLogin(main);
        DirectivePrinter printer = main.printer(false);
        try (DeviceSession session = DeviceSession.connect(main, printer)) {
            try {
                session.client().nameDevice(name.strip(), room == null ? null : room.strip()).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw DeviceException.from(e, session.server());
            }
        }
        printer.info("This device is now called " + name.strip() + (room != null ? ", in the " + room.strip() : "") + ".");
        return 0;
    }
}
