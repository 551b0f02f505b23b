package dev.opencic.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every directive callback as "kind Namespace.Name dialogRequestId". */
class RecordingDirectiveListener extends DirectiveListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<ReceivedDirective> processed = new CopyOnWriteArrayList<>();
    final List<ReceivedDirective> dropped = new CopyOnWriteArrayList<>();
    final List<CicException> exceptions = new CopyOnWriteArrayList<>();

    @Override
    public void onDirective(ReceivedDirective d) {
        processed.add(d);
        events.add("directive " + d.header().qualifiedName());
    }

    @Override
    public void onUnhandledDirective(ReceivedDirective d) {
        events.add("unhandled " + d.header().qualifiedName());
    }

    @Override
    public void onDirectiveDropped(ReceivedDirective d, String reason) {
        dropped.add(d);
        events.add("dropped " + d.header().qualifiedName());
    }

    @Override
    public void onDirectiveFailed(ReceivedDirective d, Throwable cause) {
        events.add("failed " + d.header().qualifiedName() + " " + cause);
    }

    @Override
    public void onException(CicException e) {
        exceptions.add(e);
    }
}
