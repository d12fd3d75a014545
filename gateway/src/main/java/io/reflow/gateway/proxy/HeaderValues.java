package io.reflow.gateway.proxy;

/**
 * The one sanitizer of every header value the gateway writes: control characters (CR, LF, NUL, DEL
 * ...) are dropped, so no value, whatever its source, can end a header line and start another.
 */
public final class HeaderValues {

    private HeaderValues() {}

    /** {@code value} without control characters other than horizontal tab. */
    public static String safe(String value) {
        StringBuilder clean = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7f;
            if (control && clean == null) {
                clean = new StringBuilder(value.length()).append(value, 0, i);
            } else if (!control && clean != null) {
                clean.append(c);
            }
        }
        return clean == null ? value : clean.toString();
    }
}
