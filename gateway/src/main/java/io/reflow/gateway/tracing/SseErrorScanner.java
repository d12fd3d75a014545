package io.reflow.gateway.tracing;

/**
 * Finds the JSON-RPC error in an SSE stream fed in pieces: only the {@code data:} lines of its
 * events reach a {@link JsonRpcErrorScanner}, which starts afresh with each event. Comments and
 * other fields are skipped; nothing is kept but the state of the current line.
 */
final class SseErrorScanner implements AnswerScanner {

    private static final String DATA = "data";

    private final JsonRpcErrorScanner json = new JsonRpcErrorScanner();
    private boolean lineStart = true;
    private boolean inName = true;
    private int nameLength;
    private boolean nameMatches = true;
    private boolean inData;
    private boolean skipSpace;
    private boolean afterCr;
    private boolean eventHasData;

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length && json.errorCode() == null; i++) {
            feed(bytes[i]);
        }
    }

    @Override
    public Integer errorCode() {
        return json.errorCode();
    }

    private void feed(byte b) {
        if (b == '\n' && afterCr) {
            afterCr = false;
            return; // The LF of a CRLF: the line ended at the CR.
        }
        afterCr = b == '\r';
        if (b == '\n' || b == '\r') {
            endLine();
            return;
        }
        lineStart = false;
        if (inName) {
            if (b == ':') {
                inName = false;
                inData = nameMatches && nameLength == DATA.length();
                skipSpace = true;
                eventHasData |= inData;
            } else {
                nameMatches &= nameLength < DATA.length() && DATA.charAt(nameLength) == b;
                nameLength++;
            }
        } else if (inData) {
            if (skipSpace && b == ' ') {
                skipSpace = false;
                return;
            }
            skipSpace = false;
            json.feed(b);
        }
    }

    private void endLine() {
        if (lineStart) {
            // An empty line ends the event: the next one is another message.
            if (eventHasData) {
                json.reset();
            }
            eventHasData = false;
        } else if (inData) {
            json.feed((byte) '\n'); // Data lines of one event are joined with a newline.
        }
        lineStart = true;
        inName = true;
        nameLength = 0;
        nameMatches = true;
        inData = false;
    }
}
