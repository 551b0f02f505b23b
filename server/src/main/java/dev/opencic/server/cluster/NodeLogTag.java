package dev.opencic.server.cluster;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %node} in the log pattern: {@code node=NAME } once this process serves as a cluster node,
 * nothing on a single node (so its log lines stay as they were). One per process: a test that
 * runs several nodes in one JVM sees the last one's name.
 */
public final class NodeLogTag extends ClassicConverter {

    private static volatile String tag = "";

    /** Called when a cluster node starts. */
    public static void set(String nodeId) {
        tag = "node=" + nodeId + " ";
    }

    @Override
    public String convert(ILoggingEvent event) {
        return tag;
    }
}
