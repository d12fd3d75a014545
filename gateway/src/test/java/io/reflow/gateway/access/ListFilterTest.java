package io.reflow.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflow.gateway.auth.Identity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** List answers: denied items removed, the cursor and every other message kept byte for byte. */
class ListFilterTest {

    private static final Identity ALICE = new Identity("alice", "dev", List.of(), false);

    private final PolicyIndex.View view =
            new PolicyIndex(
                            List.of(
                                    Policies.of(
                                            """
                                            {"id":"a","resource_type":"tool","resource_pattern":"^echo$",\
                                            "effect":"allow","subjects":[{"subject_type":"everyone"}]}""")))
                    .view(ALICE, "t");
    private final ListFilter filter =
            new ListFilter(Map.of("7", ListKind.TOOLS, "\"s\"", ListKind.TOOLS), view, 4096);

    private static final String TOOLS =
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[{\"name\":\"echo\"},"
                    + "{\"name\":\"get-env\"}],\"nextCursor\":\"page-2\"}}";

    @Test
    void removesDeniedToolsAndKeepsTheCursor() {
        String out = new String(filter.filterMessage(bytes(TOOLS)), StandardCharsets.UTF_8);
        assertThat(out)
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[{\"name\":\"echo\"}],"
                                + "\"nextCursor\":\"page-2\"}}");
    }

    @Test
    void leavesOtherMessagesAsTheyAre() {
        byte[] otherId = bytes(TOOLS.replace("\"id\":7", "\"id\":\"7\""));
        assertThat(filter.filterMessage(otherId)).isSameAs(otherId);
        byte[] notification = bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}");
        assertThat(filter.filterMessage(notification)).isSameAs(notification);
        assertThat(ListFilter.NONE.active()).isFalse();
        // Without a filter the upstream's body is relayed as it is: the very same stream.
        InputStream upstream = new ByteArrayInputStream(otherId);
        assertThat(ListFilter.NONE.wrap(upstream, true)).isSameAs(upstream);
        assertThat(ListFilter.NONE.wrap(upstream, false)).isSameAs(upstream);
    }

    @Test
    void matchesAnswersWhateverWayTheUpstreamWritesAnIntegerId() {
        for (String id : new String[] {"7.0", "0.7e1", "70e-1"}) {
            String out =
                    new String(
                            filter.filterMessage(bytes(TOOLS.replace("\"id\":7", "\"id\":" + id))),
                            StandardCharsets.UTF_8);
            assertThat(out).as(id).doesNotContain("get-env");
        }
        assertThat(ListFilter.key(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(1.5)))
                .isNull();
        assertThat(ListFilter.key(com.fasterxml.jackson.databind.node.LongNode.valueOf(1L << 53)))
                .isNull();
        assertThat(ListFilter.key(com.fasterxml.jackson.databind.node.IntNode.valueOf(-3)))
                .isEqualTo("-3");
    }

    @Test
    void filtersEveryAnswerOfABatch() {
        String batch = "[" + TOOLS + "," + TOOLS.replace("\"id\":7", "\"id\":\"s\"") + "]";
        String out = new String(filter.filterMessage(bytes(batch)), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("get-env").contains("\"id\":\"s\"");
    }

    @Test
    void filtersTheAnswerEventOfAnSseStreamAndPassesTheRestByteForByte() throws IOException {
        String progress =
                "event: message\r\nid: 1\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\r\n\r\n";
        String comment = ": keep-alive\n\n";
        String answer = "event: message\nid: 2\ndata: " + TOOLS + "\n\n";
        InputStream in =
                filter.wrap(new ByteArrayInputStream(bytes(progress + comment + answer)), true);
        String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out)
                .startsWith(progress + comment)
                .endsWith(
                        "event: message\nid: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":"
                                + "{\"tools\":[{\"name\":\"echo\"}],\"nextCursor\":\"page-2\"}}\n\n");
    }

    @Test
    void aJsonAnswerOverTheLimitBecomesAnErrorNeverTheUnfilteredList() throws IOException {
        ListFilter small = new ListFilter(Map.of("7", ListKind.TOOLS), view, 64);
        String out =
                new String(
                        small.wrap(new ByteArrayInputStream(bytes(TOOLS)), false).readAllBytes(),
                        StandardCharsets.UTF_8);
        assertThat(out)
                .doesNotContain("get-env")
                .contains("\"id\":7")
                .contains("server.max_body_bytes");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
