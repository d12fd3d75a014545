package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who shares one MCP server instance of a kubernetes target. */
public enum IsolationBoundary implements WireNamed {
    /** {@code shared}. */
    @JsonProperty("shared")
    SHARED("shared"),

    /** {@code per_role}. */
    @JsonProperty("per_role")
    PER_ROLE("per_role"),

    /** {@code per_group}. */
    @JsonProperty("per_group")
    PER_GROUP("per_group"),

    /** {@code per_user}. */
    @JsonProperty("per_user")
    PER_USER("per_user");

    private final String wireName;

    IsolationBoundary(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** Parses the wire value; the error lists the accepted values. */
    @JsonCreator
    public static IsolationBoundary fromWire(String value) {
        return WireNamed.parse(values(), value);
    }
}
