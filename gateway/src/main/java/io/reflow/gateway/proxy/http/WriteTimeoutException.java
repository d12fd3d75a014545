package io.reflow.gateway.proxy.http;

import java.net.SocketTimeoutException;

/** The upstream did not take the request's bytes within the write timeout. */
public final class WriteTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    WriteTimeoutException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
