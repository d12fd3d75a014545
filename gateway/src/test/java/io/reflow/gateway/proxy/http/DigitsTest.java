package io.reflow.gateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigitsTest {

    @Test
    void parsesAsciiDecimalDigitsOnly() {
        assertThat(Digits.decimal("0")).isZero();
        assertThat(Digits.decimal("123456789012345678")).isEqualTo(123456789012345678L);
        assertThat(Digits.decimal("")).isEqualTo(-1);
        assertThat(Digits.decimal("-1")).isEqualTo(-1);
        assertThat(Digits.decimal("+1")).isEqualTo(-1);
        assertThat(Digits.decimal("1 ")).isEqualTo(-1);
        assertThat(Digits.decimal("١")).isEqualTo(-1);
        assertThat(Digits.decimal("1234567890123456789")).isEqualTo(-1);
    }

    @Test
    void parsesHexDigitsInEitherCase() {
        assertThat(Digits.hex("fF")).isEqualTo(255);
        assertThat(Digits.hex("0")).isZero();
        assertThat(Digits.hex("fffffffffffffff")).isEqualTo(0xfffffffffffffffL);
        assertThat(Digits.hex("g")).isEqualTo(-1);
        assertThat(Digits.hex("0x1")).isEqualTo(-1);
        assertThat(Digits.hex("")).isEqualTo(-1);
        assertThat(Digits.hex("1000000000000000")).isEqualTo(-1);
    }
}
