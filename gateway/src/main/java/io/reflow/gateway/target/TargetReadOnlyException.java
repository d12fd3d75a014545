package io.reflow.gateway.target;

/** A static target from the config file cannot be changed through the API; answered with 409. */
public class TargetReadOnlyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for one target. */
    public TargetReadOnlyException(String name) {
        super("target '" + name + "' is defined in the config file and is read-only");
    }
}
