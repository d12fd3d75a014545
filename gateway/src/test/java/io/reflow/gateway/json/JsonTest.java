package io.reflow.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Trees read and written as Jackson's ObjectMapper reads and writes them. */
class JsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SAMPLE =
            """
            {"s":"t\\u00e9xt \\"q\\" \\n","i":7,"l":12345678901,"b":123456789012345678901234,\
            "d":1.5e-3,"t":true,"f":false,"n":null,"a":[1,[],{}],"o":{"x":{"y":[null]}}}""";

    @Test
    void readsTheSameTreeAsObjectMapper() throws Exception {
        JsonNode ours = Json.read(bytes(SAMPLE));

        assertThat(ours).isEqualTo(MAPPER.readTree(SAMPLE));
        assertThat(ours.get("i").getNodeType()).isEqualTo(JsonNodeType.NUMBER);
        assertThat(ours.get("i").isInt()).isTrue();
        assertThat(ours.get("l").isLong()).isTrue();
        assertThat(ours.get("b").isBigInteger()).isTrue();
        assertThat(ours.get("d").isDouble()).isTrue();
    }

    @Test
    void writesTheSameTextAsObjectMapper() throws Exception {
        JsonNode tree = MAPPER.readTree(SAMPLE);

        assertThat(new String(Json.write(tree), StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(new String(Json.writePretty(tree), StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }

    @Test
    void keepsTheLastOfDuplicateKeysAndIgnoresTrailingContent() throws Exception {
        JsonNode node = Json.read(bytes("{\"m\":1,\"m\":\"two\"} {\"ignored\":true"));

        assertThat(node).isEqualTo(MAPPER.readTree("{\"m\":\"two\"}"));
    }

    @Test
    void readsEmptyInputAsMissingAndNullAsNull() throws Exception {
        assertThat(Json.read(new byte[0]).isMissingNode()).isTrue();
        assertThat(Json.read(bytes("  ")).isMissingNode()).isTrue();
        assertThat(Json.read(bytes("null")).isNull()).isTrue();
    }

    @Test
    void rejectsMalformedAndTruncatedJson() {
        assertThatThrownBy(() -> Json.read(bytes("{\"jsonrpc\":")))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.read(bytes("[1,2")))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.read(bytes("{\"a\" 1}")))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void refusesBytesThatAreNoUtf32AsMalformedJson() {
        // Zero bytes make Jackson take the input for UTF-32: 0x74ff0000 is no character in it, and
        // 00 00 xx 00 is a byte order no one uses.
        byte[] noCharacter = {0, 0, 0, '{', 0x74, (byte) 0xff, 0, 0};
        byte[] noByteOrder = {0, 0, '{', 0, '}'};

        assertThatThrownBy(() -> Json.read(noCharacter))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("invalid UTF-32");
        assertThatThrownBy(() -> Json.read(noByteOrder))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("invalid UTF-32");
    }

    @Test
    void refusesNestingDeeperThanJacksonsLimit() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        assertThatThrownBy(() -> Json.read(bytes(deep)))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nesting depth");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
