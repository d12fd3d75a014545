package io.reflow.gateway.target;

import java.util.List;
import java.util.stream.Collectors;

/** A target definition has invalid fields; the REST API answers 400 listing all of them. */
public class TargetValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    /** Creates the exception for every invalid field. */
    public TargetValidationException(List<FieldError> errors) {
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
