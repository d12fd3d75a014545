package io.reflow.gateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Round trip of the chunked decoder: any payload, cut into chunks of any sizes, with chunk
 * extensions, hexadecimal digits of either case and trailer fields, decodes to the payload, and the
 * bytes after the body (the next response on the connection) are left unread.
 */
class ChunkedBodyFuzzTest {

    private static final byte[] NEXT =
            "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Encodes a payload as a server may, decodes it and compares. */
    @FuzzTest
    void decodesWhatAServerEncoded(FuzzedDataProvider data) throws IOException {
        byte[] payload = data.consumeBytes(16 * 1024);
        boolean upperCase = data.consumeBoolean();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int offset = 0;
        while (offset < payload.length) {
            int size = data.consumeInt(1, payload.length - offset);
            String hex = Integer.toHexString(size);
            line(wire, (upperCase ? hex.toUpperCase() : hex) + extension(data));
            wire.write(payload, offset, size);
            line(wire, "");
            offset += size;
        }
        line(wire, "0" + extension(data));
        int trailers = data.consumeInt(0, 3);
        for (int i = 0; i < trailers; i++) {
            line(
                    wire,
                    "X-Trailer-" + i + ": " + data.consumeAsciiString(40).replaceAll("[\r\n]", ""));
        }
        line(wire, "");
        wire.write(NEXT);

        ConnectionInput input =
                StreamSocket.input(
                        wire.toByteArray(), data.consumeInt(1, 64), data.consumeInt(16, 4096));
        int[] ended = {0};
        InputStream body =
                new ChunkedBody(
                        input,
                        () -> ended[0]++,
                        () -> {
                            throw new AssertionError("a well-formed body is never abandoned");
                        });

        assertThat(body.readAllBytes()).isEqualTo(payload);
        assertThat(ended[0]).isEqualTo(1);
        assertThat(ResponseHeadReader.read(input).status())
                .as("the next response on the connection is intact")
                .isEqualTo(204);
    }

    private static String extension(FuzzedDataProvider data) {
        return data.consumeBoolean()
                ? ";name=" + data.consumeAsciiString(20).replaceAll("[\r\n;]", "")
                : "";
    }

    private static void line(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {'\r', '\n'});
    }
}
