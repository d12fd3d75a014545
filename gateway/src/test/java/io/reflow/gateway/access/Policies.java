package io.reflow.gateway.access;

import io.reflow.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test policies written as their wire JSON, parsed (and so validated) like the API does. */
final class Policies {

    private Policies() {}

    /** The policy of {@code json}, read-write. */
    static Policy of(String json) {
        try {
            return PolicyJson.parse(Json.read(json.getBytes()), null, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
