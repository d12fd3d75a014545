package io.reflow.gateway.access;

import io.reflow.gateway.target.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A policy has invalid fields; the REST API answers 400 listing all of them. */
public class PolicyValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    /** Creates the exception for every invalid field. */
    public PolicyValidationException(List<FieldError> errors) {
        super(
                errors.stream()
                        .map(e -> e.field() + ": " + e.message())
                        .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    /** Every invalid field, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }
}
