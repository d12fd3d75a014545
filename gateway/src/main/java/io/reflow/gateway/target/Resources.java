package io.reflow.gateway.target;

import java.util.Map;

/**
 * Compute resources of a kubernetes target's instances, as quantities such as {@code 100m} or
 * {@code 128Mi}.
 *
 * @param requests resource name to requested quantity, never null
 * @param limits resource name to limit, never null
 */
public record Resources(Map<String, String> requests, Map<String, String> limits) {

    /** Copies, treating null as empty. */
    public Resources {
        requests = requests == null ? Map.of() : Map.copyOf(requests);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }

    @Override
    public String toString() {
        return "Resources[requests=" + requests + ", limits=" + limits + "]";
    }
}
