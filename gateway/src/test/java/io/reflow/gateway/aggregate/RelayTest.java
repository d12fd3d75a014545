package io.reflow.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayTest {

    @Test
    void givesATargetsRequestARoutableIdAndLeavesOtherMessagesAsTheyCame() {
        assertThat(
                        Relay.outward(
                                "alpha",
                                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"sampling/createMessage\"}"))
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"alpha:0\","
                                + "\"method\":\"sampling/createMessage\"}");
        String result = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}";
        assertThat(Relay.outward("alpha", result)).isSameAs(result);
        String progress =
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                        + "\"params\":{\"progressToken\":\"p\",\"progress\":1}}";
        assertThat(Relay.outward("alpha", progress)).isEqualTo(progress);
    }

    @Test
    void aTargetsCancellationOfItsOwnRequestNamesTheIdTheClientSaw() {
        assertThat(
                        Relay.outward(
                                "beta",
                                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                                        + "\"params\":{\"requestId\":\"x\"}}"))
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                                + "\"params\":{\"requestId\":\"beta:\\\"x\\\"\"}}");
    }
}
