package io.reflow.gateway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON trees read and written with Jackson's streaming parser and generator. The gateway only
 * handles trees, and an {@code ObjectMapper} would cost start-up about a quarter of a second (date
 * formats, type factory, serializer and deserializer machinery) for nothing the trees need.
 *
 * <p>Reading follows {@code ObjectMapper.readTree}: the first value only (anything after it is
 * ignored), {@link MissingNode} for empty input, the last of duplicate keys. Writing gives the same
 * text as {@code ObjectMapper.writeValueAsBytes}.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonFactory STRICT =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    /** A new empty object. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty array. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * The value in UTF-8 (or UTF-16/32 with a BOM) JSON {@code bytes}.
     *
     * @throws JsonProcessingException when the JSON is malformed or breaks Jackson's limits
     */
    public static JsonNode read(byte[] bytes) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return read(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (CharConversionException e) {
            // Bytes taken for UTF-32 (by their zero bytes) that are not: malformed like any other.
            throw new JsonParseException((JsonParser) null, "invalid UTF-32: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #read(byte[])}, but a key given twice in one object is an error instead of the last
     * one winning: Jackson's {@code STRICT_DUPLICATE_DETECTION}.
     *
     * @throws DuplicateKeyException naming the key given twice
     * @throws JsonProcessingException when the JSON is otherwise malformed
     */
    public static JsonNode readStrict(byte[] bytes) throws JsonProcessingException {
        try (JsonParser parser = STRICT.createParser(bytes)) {
            try {
                return read(parser);
            } catch (JsonParseException e) {
                if (e.getOriginalMessage().startsWith("Duplicate field")) {
                    throw new DuplicateKeyException(parser, parser.currentName());
                }
                throw e;
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (CharConversionException e) {
            throw new JsonParseException((JsonParser) null, "invalid UTF-32: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key given twice in one JSON object. */
    public static final class DuplicateKeyException extends JsonParseException {
        private static final long serialVersionUID = 1L;
        private final String key;

        /** {@code key} was given twice in an object {@code parser} read. */
        public DuplicateKeyException(JsonParser parser, String key) {
            super(parser, "duplicate key");
            this.key = key;
        }

        /** The key given twice. */
        public String key() {
            return key;
        }
    }

    /**
     * The next value of {@code parser}, of any format Jackson parses (JSON, YAML).
     *
     * @throws JsonProcessingException when the input is malformed
     * @throws IOException when the parser's source fails
     */
    public static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token =
                parser.currentToken() != null ? parser.currentToken() : parser.nextToken();
        return token == null ? MissingNode.getInstance() : value(parser, token);
    }

    /** {@code node} as compact UTF-8 JSON. */
    public static byte[] write(JsonNode node) {
        return write(node, false);
    }

    /** {@code node} as UTF-8 JSON indented for people, as Jackson's default pretty printer does. */
    public static byte[] writePretty(JsonNode node) {
        return write(node, true);
    }

    private static byte[] write(JsonNode node, boolean pretty) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            value(generator, node);
        } catch (IOException e) {
            // Only a bug can get here: the output is memory and the tree is well formed.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // Recursion is bounded: Jackson's parser refuses nesting deeper than 1,000 levels.
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> decimal(parser);
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> embedded(parser.getEmbeddedObject());
            default ->
                    throw new JsonParseException(
                            parser, "unexpected token " + token + " for a value");
        };
    }

    private static ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode node = NODES.objectNode();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            node.replace(name, value(parser, next(parser)));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "unexpected end of input in an object");
        }
        return node;
    }

    private static ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode node = NODES.arrayNode();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonParseException(parser, "unexpected end of input in an array");
            }
            node.add(value(parser, token));
        }
        return node;
    }

    private static JsonToken next(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of input after a field name");
        }
        return token;
    }

    private static JsonNode integer(JsonParser parser) throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }

    private static JsonNode decimal(JsonParser parser) throws IOException {
        return switch (parser.getNumberType()) {
            case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
            case FLOAT -> NODES.numberNode(parser.getFloatValue());
            default -> NODES.numberNode(parser.getDoubleValue());
        };
    }

    private static JsonNode embedded(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return value instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(value);
    }

    private static void value(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    out.writeFieldName(field.getKey());
                    value(out, field.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode item : node) {
                    value(out, item);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case NUMBER -> number(out, node);
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case BINARY -> out.writeBinary(node.binaryValue());
            case POJO -> out.writeString(node.asText());
            default -> out.writeNull(); // NULL and MISSING
        }
    }

    private static void number(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT -> out.writeNumber(node.intValue());
            case LONG -> out.writeNumber(node.longValue());
            case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
            case FLOAT -> out.writeNumber(node.floatValue());
            case DOUBLE -> out.writeNumber(node.doubleValue());
            default -> out.writeNumber(node.decimalValue()); // BIG_DECIMAL
        }
    }
}
