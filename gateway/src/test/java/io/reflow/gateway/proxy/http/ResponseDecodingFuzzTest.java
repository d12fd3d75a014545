package io.reflow.gateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Arrays;

/**
 * Whatever an upstream sends, the response head reader, {@link BodyFraming} and the body decoders
 * either decode it or refuse it with the documented exceptions, and the outcome does not depend on
 * how the bytes were split across reads.
 */
class ResponseDecodingFuzzTest {

    /** Far above the 64 KiB head limit, so that the limit itself is reached. */
    private static final int MAX_INPUT = 128 * 1024;

    /**
     * Decodes {@code upstream} (the bytes a server sent) as the answer to a GET and to a HEAD, once
     * through a large buffer and once in small, unevenly split reads; each way gives the same head,
     * framing and body, or the same refusal.
     */
    @FuzzTest
    void decodesOrRefusesTheSameWayHoweverTheBytesArrive(byte[] upstream) {
        if (upstream.length > MAX_INPUT) {
            return;
        }
        for (boolean headRequest : new boolean[] {false, true}) {
            Outcome whole =
                    decode(StreamSocket.input(upstream, Integer.MAX_VALUE, 8192), headRequest);
            Outcome split = decode(StreamSocket.input(upstream, 7, 16), headRequest);
            assertThat(split).isEqualTo(whole);
        }
    }

    private static Outcome decode(ConnectionInput input, boolean headRequest) {
        ResponseHead head;
        BodyFraming framing;
        try {
            head = ResponseHeadReader.read(input);
            framing = BodyFraming.of(head, headRequest);
        } catch (EOFException | ProtocolException refused) {
            return Outcome.refused("head", refused);
        } catch (IOException e) {
            throw new AssertionError("only EOF or protocol errors are documented", e);
        }
        assertFramingFollowsHead(head, framing, headRequest);

        int[] ended = {0};
        int[] abandoned = {0};
        InputStream body =
                ResponseBody.open(framing, input, () -> ended[0]++, () -> abandoned[0]++);
        byte[] bytes;
        try {
            bytes = body.readAllBytes();
        } catch (EOFException | ProtocolException refused) {
            assertThat(abandoned[0]).as("a broken body closes its connection").isEqualTo(1);
            assertThat(ended[0]).as("a broken body is never reused").isZero();
            return Outcome.refused("body", refused);
        } catch (IOException e) {
            throw new AssertionError("only EOF or protocol errors are documented", e);
        }
        assertThat(ended[0]).as("a complete body frees its connection once").isEqualTo(1);
        assertThat(abandoned[0]).isZero();
        if (framing.kind() == BodyFraming.Kind.LENGTH) {
            assertThat((long) bytes.length).isEqualTo(framing.length());
        }
        if (framing.kind() == BodyFraming.Kind.EMPTY) {
            assertThat(bytes).isEmpty();
        }
        return new Outcome(
                head.status(), head.minorVersion(), framing, Arrays.hashCode(bytes), null);
    }

    private static void assertFramingFollowsHead(
            ResponseHead head, BodyFraming framing, boolean headRequest) {
        assertThat(head.status()).isBetween(200, 999);
        assertThat(framing.length()).isNotNegative();
        if (framing.reusable()) {
            assertThat(head.keepAlive()).as("only a kept-alive connection is reused").isTrue();
        }
        if (headRequest) {
            assertThat(framing.kind()).isEqualTo(BodyFraming.Kind.EMPTY);
        }
        boolean chunked = !head.headers().all("transfer-encoding").isEmpty();
        boolean length = !head.headers().all("content-length").isEmpty();
        if (framing.kind() == BodyFraming.Kind.CHUNKED && length) {
            assertThat(framing.reusable())
                    .as("both Transfer-Encoding and Content-Length: not trusted afterwards")
                    .isFalse();
        }
        if (!headRequest && chunked && framing.kind() == BodyFraming.Kind.LENGTH) {
            throw new AssertionError("Transfer-Encoding must win over Content-Length");
        }
    }

    /** What decoding gave: a head, framing and body (by hash), or the refusal's place and type. */
    private record Outcome(
            int status, int minorVersion, BodyFraming framing, int bodyHash, String refusal) {

        static Outcome refused(String where, IOException e) {
            return new Outcome(0, 0, null, 0, where + ": " + e.getClass().getSimpleName());
        }
    }
}
