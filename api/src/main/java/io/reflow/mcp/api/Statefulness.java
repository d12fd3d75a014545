package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a target's MCP server keeps state between requests of a session. */
public enum Statefulness implements WireNamed {
    /** {@code stateless}. */
    @JsonProperty("stateless")
    STATELESS("stateless"),

    /** {@code stateful}. */
    @JsonProperty("stateful")
    STATEFUL("stateful");

    private final String wireName;

    Statefulness(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** Parses the wire value; the error lists the accepted values. */
    @JsonCreator
    public static Statefulness fromWire(String value) {
        return WireNamed.parse(values(), value);
    }
}
