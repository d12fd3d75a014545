package io.reflow.gateway.stdio;

import io.reflow.gateway.instances.InstanceSource;
import io.reflow.gateway.instances.InstanceView;
import io.reflow.mcp.api.McpResources;
import java.util.List;

/**
 * The processes (and legacy SSE connections) of the stdio transport as instances. Their ids are
 * derived from the channel ids, which are sealed into session ids and so never leave the gateway.
 */
final class StdioInstances implements InstanceSource {

    private static final String PREFIX = "stdio-";

    private final ProcessPool pool;

    StdioInstances(ProcessPool pool) {
        this.pool = pool;
    }

    @Override
    public List<InstanceView> list() {
        return pool.all().stream()
                .map(this::view)
                .filter(view -> view.subjectHash() != null)
                .toList();
    }

    private InstanceView view(Channel channel) {
        String subjectKey = pool.subjectKey(channel);
        boolean sse = channel instanceof SseChannel;
        return new InstanceView(
                publicId(channel),
                channel.target(),
                sse ? "sse" : "stdio",
                subjectKey == null ? null : McpResources.subjectHash(subjectKey),
                "Running",
                null,
                channel.startedAt(),
                channel.lastActivity(),
                channel instanceof StdioProcess process ? "pid " + process.pid() : null);
    }

    @Override
    public boolean restart(String id) {
        if (!id.startsWith(PREFIX)) {
            return false;
        }
        for (Channel channel : pool.all()) {
            if (publicId(channel).equals(id)) {
                pool.retire(channel, "restarted from the instances API");
                return true;
            }
        }
        return false;
    }

    @Override
    public void onChange(Runnable listener) {
        pool.onChange(listener);
    }

    private static String publicId(Channel channel) {
        return PREFIX + McpResources.sha256Hex(channel.id()).substring(0, 16);
    }
}
