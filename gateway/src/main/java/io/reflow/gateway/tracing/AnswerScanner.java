package io.reflow.gateway.tracing;

/** Reads an upstream's answer as it passes, byte by byte, for the JSON-RPC error it holds. */
interface AnswerScanner {

    /** Takes the next {@code length} bytes of the answer. */
    void feed(byte[] bytes, int offset, int length);

    /** The code of the first JSON-RPC error seen so far, or null. */
    Integer errorCode();
}
