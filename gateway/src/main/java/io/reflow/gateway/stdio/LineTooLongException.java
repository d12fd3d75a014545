package io.reflow.gateway.stdio;

import java.io.IOException;

/** A process wrote a stdout line longer than the gateway accepts. */
final class LineTooLongException extends IOException {

    private static final long serialVersionUID = 1L;

    LineTooLongException(int limit) {
        super("a stdout line exceeded " + limit + " bytes");
    }
}
