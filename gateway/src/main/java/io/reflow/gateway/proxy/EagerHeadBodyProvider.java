package io.reflow.gateway.proxy;

import io.helidon.common.GenericType;
import io.helidon.common.media.type.MediaType;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import io.helidon.webserver.http.spi.SinkProvider;
import io.helidon.webserver.http.spi.SinkProviderContext;
import java.util.function.BiConsumer;

/** Makes {@link EagerHeadBody} sinks; found by Helidon through {@code META-INF/services}. */
public final class EagerHeadBodyProvider implements SinkProvider<byte[]> {

    /** Used by the service loader. */
    public EagerHeadBodyProvider() {}

    @Override
    public boolean supports(GenericType<? extends Sink<?>> type, ServerRequest request) {
        return EagerHeadBody.TYPE.equals(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <X extends Sink<byte[]>> X create(SinkProviderContext context) {
        return (X)
                new EagerHeadBody(context.serverResponse().outputStream(), context::flushHeaders);
    }

    /** Helidon calls this only when the context-taking variant is missing. */
    @Override
    @SuppressWarnings("removal")
    public <X extends Sink<byte[]>> X create(
            ServerResponse response,
            BiConsumer<Object, MediaType> eventConsumer,
            Runnable closeRunnable) {
        throw new UnsupportedOperationException("needs a SinkProviderContext");
    }
}
