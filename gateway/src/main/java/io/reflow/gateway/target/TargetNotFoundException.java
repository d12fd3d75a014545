package io.reflow.gateway.target;

/** No target has the given id; the REST API answers 404. */
public class TargetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for one id. */
    public TargetNotFoundException(String id) {
        super("target '" + id + "' not found");
    }
}
