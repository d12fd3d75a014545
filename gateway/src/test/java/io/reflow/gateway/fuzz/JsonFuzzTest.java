package io.reflow.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reflow.gateway.json.Json;
import java.io.IOException;

/**
 * {@link Json}, the parser of every MCP body, REST body and session token, against Jackson's {@code
 * ObjectMapper}, whose behaviour it promises to follow.
 */
class JsonFuzzTest {

    /** Bodies are limited long before the parser; larger inputs only slow the fuzzer down. */
    private static final int MAX_INPUT = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Any bytes either parse to the tree {@code ObjectMapper.readTree} gives or are refused by both
     * with a {@link JsonProcessingException}; what parsed writes as {@code ObjectMapper} writes it,
     * and writing is stable: the written text reads back to a tree that writes the same text.
     */
    @FuzzTest
    void readsAndWritesAsObjectMapperDoes(byte[] input) throws IOException {
        if (input.length > MAX_INPUT) {
            return;
        }
        JsonNode tree;
        try {
            tree = Json.read(input);
        } catch (JsonProcessingException refused) {
            assertThatThrownBy(() -> MAPPER.readTree(input))
                    .as("ObjectMapper refuses what Json refuses")
                    .isInstanceOf(IOException.class);
            return;
        }
        assertThat(tree).isEqualTo(MAPPER.readTree(input));
        if (tree.isMissingNode()) {
            return;
        }
        byte[] written = Json.write(tree);
        assertThat(written).isEqualTo(MAPPER.writeValueAsBytes(tree));
        assertThat(Json.write(Json.read(written))).isEqualTo(written);
    }
}
