package io.reflow.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InternalCallsTest {

    @Test
    void onlyThisProcessSecretMarksACall() {
        InternalCalls internal = InternalCalls.random();
        assertThat(internal.marks(Optional.of(internal.value()))).isTrue();
        assertThat(internal.marks(Optional.empty())).isFalse();
        assertThat(internal.marks(Optional.of(""))).isFalse();
        assertThat(internal.marks(Optional.of(InternalCalls.random().value()))).isFalse();
        assertThat(internal.marks(Optional.of(internal.value() + "x"))).isFalse();
    }
}
