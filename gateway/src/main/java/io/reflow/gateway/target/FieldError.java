package io.reflow.gateway.target;

/**
 * One invalid field of a request or config entry.
 *
 * @param field the field name as written on the wire, e.g. {@code port} or {@code resources.limits}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {}
