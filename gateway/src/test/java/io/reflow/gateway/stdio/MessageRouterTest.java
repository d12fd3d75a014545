package io.reflow.gateway.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageRouterTest {

    private final MessageRouter router = new MessageRouter("beta");
    private final ClientSession session = router.open().orElseThrow();

    private Outbox request(String method, int clientId) {
        Outbox outbox = new Outbox();
        router.register(session, method, IntNode.valueOf(clientId), null, outbox, true);
        return outbox;
    }

    private static ObjectNode elicitation() {
        ObjectNode message = Json.object();
        message.put("jsonrpc", "2.0");
        message.put("id", 0);
        message.put("method", "elicitation/create");
        return message;
    }

    private static String next(Outbox outbox) throws InterruptedException {
        Outbox.Item item = outbox.poll(Duration.ZERO);
        return item == null ? null : new String(item.json(), StandardCharsets.UTF_8);
    }

    @Test
    void aServerRequestGoesToTheToolCallThatWaitsNotToAListingSentAfterIt() throws Exception {
        Outbox call = request("tools/call", 1);
        Outbox listing = request("tools/list", 2);

        assertThat(router.route(elicitation())).isNull();

        assertThat(next(call)).contains("elicitation/create");
        assertThat(next(listing)).isNull();
    }

    @Test
    void ofSeveralRequestsThatMayAskTheNewestGetsTheServerRequest() throws Exception {
        Outbox older = request("tools/call", 1);
        Outbox newer = request("prompts/get", 2);

        router.route(elicitation());

        assertThat(next(newer)).contains("elicitation/create");
        assertThat(next(older)).isNull();
    }

    @Test
    void withOnlyAListingOpenTheServerRequestStillReachesTheClient() throws Exception {
        Outbox listing = request("resources/list", 1);

        assertThat(router.route(elicitation())).isNull();

        assertThat(next(listing)).contains("elicitation/create");
    }

    @Test
    void withNoStreamOpenTheProcessGetsAnErrorThatNamesTheMethod() {
        router.register(session, "tools/call", IntNode.valueOf(1), null, new Outbox(), false);

        byte[] error = router.route(elicitation());

        assertThat(new String(error, StandardCharsets.UTF_8))
                .contains("no client stream is open to receive elicitation/create");
    }

    @Test
    void handshakesPingsAndListingsCannotAskTheClient() {
        assertThat(MessageRouter.mayAsk("initialize")).isFalse();
        assertThat(MessageRouter.mayAsk("ping")).isFalse();
        assertThat(MessageRouter.mayAsk("tools/list")).isFalse();
        assertThat(MessageRouter.mayAsk("resources/templates/list")).isFalse();
        assertThat(MessageRouter.mayAsk("tools/call")).isTrue();
        assertThat(MessageRouter.mayAsk("resources/read")).isTrue();
        assertThat(MessageRouter.mayAsk("completion/complete")).isTrue();
    }
}
