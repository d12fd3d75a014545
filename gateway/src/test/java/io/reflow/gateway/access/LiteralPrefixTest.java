package io.reflow.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The literal prefix is only ever one every match starts with. */
class LiteralPrefixTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            value = {
                "^tool-(a|b)$ tool-",
                "^echo$ echo",
                "^ab*c a",
                "^ab?c a",
                "^ab{2}c a",
                "^a.b a",
                "^get-\\w+ get-",
                "^a|^b ''",
                "echo ''",
                "(?i)^echo ''",
                "^(echo|get) ''",
                "^[ab]x ''",
                "^a[|]b a"
            })
    void isTheLiteralTextAfterTheAnchor(String pattern, String prefix) {
        assertThat(LiteralPrefix.of(pattern)).isEqualTo(prefix);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            value = {"^ab*c ac", "^ab?c ac", "^a|^b b", "^tool-(a|b)$ tool-b", "^a[|]b a|b"})
    void everyMatchStartsWithIt(String pattern, String name) {
        assertThat(Pattern.compile(pattern).matcher(name).find()).isTrue();
        assertThat(name).startsWith(LiteralPrefix.of(pattern));
    }
}
