package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void dropsEveryControlCharacterButTab() {
        assertThat(HeaderValues.safe("text/event-stream\r\nX-Injected: 1"))
                .isEqualTo("text/event-streamX-Injected: 1");
        assertThat(HeaderValues.safe("a\u0000b\u007fc\u001bd\te")).isEqualTo("abcd\te");
    }

    @Test
    void leavesCleanValuesAlone() {
        String value = "Bearer realm=\"reflow\", error=\"invalid_token\"";
        assertThat(HeaderValues.safe(value)).isSameAs(value);
        assertThat(HeaderValues.safe("")).isEmpty();
    }
}
