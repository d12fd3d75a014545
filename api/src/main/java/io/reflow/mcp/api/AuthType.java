package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the gateway passes the AUTH_TOKEN credential to an HTTP target. */
public enum AuthType implements WireNamed {
    /** {@code none}. */
    @JsonProperty("none")
    NONE("none"),

    /** {@code bearer}. */
    @JsonProperty("bearer")
    BEARER("bearer"),

    /** {@code header}. */
    @JsonProperty("header")
    HEADER("header");

    private final String wireName;

    AuthType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** Parses the wire value; the error lists the accepted values. */
    @JsonCreator
    public static AuthType fromWire(String value) {
        return WireNamed.parse(values(), value);
    }
}
