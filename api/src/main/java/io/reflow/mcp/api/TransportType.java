package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the gateway reaches a target's MCP server. */
public enum TransportType implements WireNamed {
    /** {@code streamable-http}. */
    @JsonProperty("streamable-http")
    STREAMABLE_HTTP("streamable-http"),

    /** {@code kubernetes}. */
    @JsonProperty("kubernetes")
    KUBERNETES("kubernetes"),

    /** {@code stdio}. */
    @JsonProperty("stdio")
    STDIO("stdio"),

    /** {@code sse}. */
    @JsonProperty("sse")
    SSE("sse");

    private final String wireName;

    TransportType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** Parses the wire value; the error lists the accepted values. */
    @JsonCreator
    public static TransportType fromWire(String value) {
        return WireNamed.parse(values(), value);
    }
}
