package io.reflow.gateway.tracing;

/**
 * Finds the {@code error.code} of a JSON-RPC response in JSON text fed in pieces: a message, a
 * batch of them, or messages one after the other. It keeps only a few counters and flags, whatever
 * the size of the text: strings are skipped, not kept, so a large result costs no memory. Text that
 * is not JSON yields no code.
 */
final class JsonRpcErrorScanner implements AnswerScanner {

    private static final String ERROR_KEY = "error";
    private static final String CODE_KEY = "code";
    private static final int MAX_DIGITS = 11;

    private int depth;

    /** The depth of message objects: 1, or 2 in a batch; 0 before a value starts. */
    private int messageDepth;

    private boolean messageIsObject;
    private boolean inError;
    private boolean expectKey;
    private boolean inString;
    private boolean escaped;
    private String keyTarget;
    private int keyLength;
    private boolean keyMatches;
    private String pendingKey;
    private final StringBuilder number = new StringBuilder(MAX_DIGITS);
    private boolean inNumber;
    private Integer code;

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length && code == null; i++) {
            feed(bytes[i]);
        }
    }

    @Override
    public Integer errorCode() {
        return code;
    }

    /** Forgets a message cut short (an SSE event that ended early); a code found stays. */
    void reset() {
        depth = 0;
        messageDepth = 0;
        inError = false;
        inString = false;
        escaped = false;
        keyTarget = null;
        pendingKey = null;
        inNumber = false;
        number.setLength(0);
    }

    void feed(byte b) {
        if (inString) {
            string(b);
            return;
        }
        if (inNumber) {
            if (b == '-' || (b >= '0' && b <= '9')) {
                if (number.length() < MAX_DIGITS) {
                    number.append((char) b);
                }
                return;
            }
            endNumber();
        }
        switch (b) {
            case '"' -> startString();
            case '{', '[' -> open(b == '{');
            case '}', ']' -> close();
            case ':' -> expectKey = false;
            case ',' -> {
                expectKey = atKeyLevel();
                pendingKey = null;
            }
            default -> {
                if ((b == '-' || (b >= '0' && b <= '9')) && codeValueHere()) {
                    inNumber = true;
                    number.setLength(0);
                    number.append((char) b);
                }
            }
        }
    }

    private void string(byte b) {
        if (escaped) {
            escaped = false;
            keyMatches = false;
        } else if (b == '\\') {
            escaped = true;
        } else if (b == '"') {
            inString = false;
            if (keyTarget != null) {
                pendingKey = keyMatches && keyLength == keyTarget.length() ? keyTarget : null;
                keyTarget = null;
            }
        } else if (keyTarget != null) {
            keyMatches &= keyLength < keyTarget.length() && keyTarget.charAt(keyLength) == b;
            keyLength++;
        }
    }

    private void startString() {
        inString = true;
        if (expectKey && atKeyLevel()) {
            keyTarget = depth == messageDepth ? ERROR_KEY : CODE_KEY;
            keyLength = 0;
            keyMatches = true;
        }
    }

    private void open(boolean object) {
        if (depth == 0) {
            messageDepth = object ? 1 : 2;
        }
        depth++;
        if (depth == messageDepth) {
            messageIsObject = object;
        } else if (depth == messageDepth + 1 && ERROR_KEY.equals(pendingKey) && object) {
            inError = true;
        }
        pendingKey = null;
        expectKey = object && atKeyLevel();
    }

    private void close() {
        depth--;
        if (depth <= messageDepth) {
            inError = false;
        }
        if (depth <= 0) {
            depth = 0;
            messageDepth = 0;
        }
        pendingKey = null;
        expectKey = false;
    }

    /** Whether keys at this depth matter: those of a message, and of its error object. */
    private boolean atKeyLevel() {
        return (depth == messageDepth && messageIsObject) || (inError && depth == messageDepth + 1);
    }

    private boolean codeValueHere() {
        return inError && depth == messageDepth + 1 && CODE_KEY.equals(pendingKey);
    }

    private void endNumber() {
        inNumber = false;
        pendingKey = null;
        try {
            code = Integer.valueOf(number.toString());
        } catch (NumberFormatException e) {
            // Not a JSON-RPC code (too long, or a lone minus).
        }
    }
}
