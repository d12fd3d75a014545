package io.reflow.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class ServerRequestIdsTest {

    @Test
    void idsOfTwoTargetsNeverClashAndRouteBack() {
        var alpha = ServerRequestIds.outward("alpha", IntNode.valueOf(0));
        var beta = ServerRequestIds.outward("beta", IntNode.valueOf(0));
        assertThat(alpha).isNotEqualTo(beta);
        assertThat(alpha.asText()).isEqualTo("alpha:0");
        assertThat(ServerRequestIds.inward(beta))
                .contains(new ServerRequestIds.Origin("beta", IntNode.valueOf(0)));
        var text = ServerRequestIds.outward("alpha", TextNode.valueOf("a:b"));
        assertThat(ServerRequestIds.inward(text))
                .contains(new ServerRequestIds.Origin("alpha", TextNode.valueOf("a:b")));
    }

    @Test
    void anIdItDidNotMakeRoutesNowhere() {
        assertThat(ServerRequestIds.inward(IntNode.valueOf(3))).isEmpty();
        assertThat(ServerRequestIds.inward(TextNode.valueOf("alpha"))).isEmpty();
        assertThat(ServerRequestIds.inward(TextNode.valueOf("alpha:{x"))).isEmpty();
        assertThat(ServerRequestIds.inward(TextNode.valueOf(":1"))).isEmpty();
    }
}
