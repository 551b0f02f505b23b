package dev.opencic.client.context;

import dev.opencic.protocol.payload.Payload;
import java.util.Objects;

/**
 * {@code Device.Display}: the device's display, fixed for its life (Display.md); a device without
 * one reports {@link ContextObjects.Display#NONE}.
 */
public final class DisplayContext extends SettableContext {

    private final ContextObjects.Display display;

    /** A provider that always reports {@code display}. */
    public DisplayContext(ContextObjects.Display display) {
        super("Device", "Display");
        this.display = Objects.requireNonNull(display, "display");
    }

    @Override
    Payload payload() {
        return display;
    }
}
