package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a POST body's announced length is read. */
class MessageReaderTest {

    @Test
    void readsPlainDecimalContentLengths() {
        assertThat(MessageReader.declaredLength(Optional.of("0"))).isZero();
        assertThat(MessageReader.declaredLength(Optional.of("4194304"))).isEqualTo(4_194_304L);
    }

    @Test
    void treatsMissingOrMalformedContentLengthsAsUnknown() {
        assertThat(MessageReader.declaredLength(Optional.empty())).isEqualTo(-1);
        assertThat(MessageReader.declaredLength(Optional.of(""))).isEqualTo(-1);
        assertThat(MessageReader.declaredLength(Optional.of("-5"))).isEqualTo(-1);
        assertThat(MessageReader.declaredLength(Optional.of("12 "))).isEqualTo(-1);
        assertThat(MessageReader.declaredLength(Optional.of("1e6"))).isEqualTo(-1);
        assertThat(MessageReader.declaredLength(Optional.of("9".repeat(30)))).isEqualTo(-1);
    }
}
