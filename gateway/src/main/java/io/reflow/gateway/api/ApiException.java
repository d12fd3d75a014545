package io.reflow.gateway.api;

/** A request the REST API refuses, answered as {@code {"error":{"code","message","field"}}}. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String field;

    ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The field or header at fault, or null. */
    String field() {
        return field;
    }
}
