package io.reflow.mcp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesSingleAndCompoundUnits() {
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void rejectsTextThatIsNotADuration() {
        for (String bad : new String[] {"", "30", "m", "1.5h", "-1m", "30 m", "1y"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a duration");
        }
    }

    @Test
    void rejectsDurationsTooLongToRepresent() {
        for (String huge :
                new String[] {
                    "9999999999999999d", "99999999999999999999s", "106751991167300d106751991167300d"
                }) {
            assertThatThrownBy(() -> Durations.parse(huge))
                    .as(huge)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + huge + "' is too long a duration");
        }
    }

    @Test
    void formatRoundTrips() {
        for (String text : new String[] {"30m", "24h", "1h30m", "500ms", "1m5s"}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
    }
}
