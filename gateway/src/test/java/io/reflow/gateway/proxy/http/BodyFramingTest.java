package io.reflow.gateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BodyFramingTest {

    private static ResponseHead head(int minorVersion, int status, String... fields) {
        ResponseHeaders headers = new ResponseHeaders();
        for (int i = 0; i < fields.length; i += 2) {
            headers.add(fields[i], fields[i + 1]);
        }
        return new ResponseHead(minorVersion, status, headers);
    }

    @Test
    void chunkedWinsOverContentLengthButTheConnectionIsNotTrustedAfterwards()
            throws ProtocolException {
        BodyFraming both =
                BodyFraming.of(
                        head(1, 200, "Transfer-Encoding", "chunked", "Content-Length", "5"), false);

        assertThat(both.kind()).isEqualTo(BodyFraming.Kind.CHUNKED);
        assertThat(both.reusable()).isFalse();
    }

    @Test
    void otherFinalTransferCodingIsReadUntilClose() throws ProtocolException {
        assertThat(BodyFraming.of(head(1, 200, "Transfer-Encoding", "chunked, gzip"), false))
                .isEqualTo(new BodyFraming(BodyFraming.Kind.UNTIL_CLOSE, 0, false));
        assertThat(BodyFraming.of(head(1, 200, "Transfer-Encoding", "gzip, Chunked"), false))
                .isEqualTo(new BodyFraming(BodyFraming.Kind.CHUNKED, 0, true));
    }

    @Test
    void repeatedEqualContentLengthsAreOneLength() throws ProtocolException {
        assertThat(
                        BodyFraming.of(
                                head(1, 200, "Content-Length", "7, 7", "Content-Length", "7"),
                                false))
                .isEqualTo(new BodyFraming(BodyFraming.Kind.LENGTH, 7, true));
        assertThatThrownBy(() -> BodyFraming.of(head(1, 200, "Content-Length", "-1"), false))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("upstream sent an invalid Content-Length: '-1'");
    }

    @Test
    void headerValuesOfOnlyACommaAreNoCodingAndNoLength() throws ProtocolException {
        assertThat(BodyFraming.of(head(1, 200, "Transfer-Encoding", ","), false))
                .isEqualTo(new BodyFraming(BodyFraming.Kind.UNTIL_CLOSE, 0, false));
        assertThatThrownBy(() -> BodyFraming.of(head(1, 200, "Content-Length", ","), false))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("upstream sent an invalid Content-Length: ','");
    }

    @Test
    void keepAliveFollowsVersionAndConnectionHeader() throws ProtocolException {
        assertThat(BodyFraming.of(head(1, 200, "Content-Length", "0"), false).reusable()).isTrue();
        assertThat(
                        BodyFraming.of(
                                        head(1, 200, "Connection", "Close", "Content-Length", "0"),
                                        false)
                                .reusable())
                .isFalse();
        assertThat(BodyFraming.of(head(0, 200, "Content-Length", "0"), false).reusable()).isFalse();
        assertThat(BodyFraming.of(head(1, 200), false).reusable()).isFalse();
    }

    @Test
    void readsTheServersKeepAliveTimeout() {
        assertThat(head(1, 200, "Keep-Alive", "max=100, timeout=5").keepAliveTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(head(1, 200, "Keep-Alive", "timeout=soon").keepAliveTimeout()).isNull();
        assertThat(head(1, 200).keepAliveTimeout()).isNull();
    }
}
