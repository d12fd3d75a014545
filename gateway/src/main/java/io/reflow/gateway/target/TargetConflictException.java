package io.reflow.gateway.target;

/** A target with the given name already exists; the REST API answers 409. */
public class TargetConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for one name. */
    public TargetConflictException(String name) {
        super("a target named '" + name + "' already exists");
    }
}
