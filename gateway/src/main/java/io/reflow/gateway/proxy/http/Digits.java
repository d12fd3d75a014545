package io.reflow.gateway.proxy.http;

/** Parses the numbers of HTTP framing: plain ASCII digits only, no signs, no spaces. */
public final class Digits {

    private Digits() {}

    /** The value of 1 to 18 decimal digits, or -1 if {@code text} is anything else. */
    public static long decimal(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The value of 1 to 15 hexadecimal digits (either case), or -1 for anything else. */
    static long hex(String text) {
        if (text.isEmpty() || text.length() > 15) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            } else {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
