package io.reflow.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ListCursorTest {

    private static String b64(String text) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsTheMemberAndItsOwnCursor() {
        ListCursor cursor = new ListCursor(2, "upstream:opaque/\"cursor\"");
        assertThat(ListCursor.decode(cursor.encode(), 3)).isEqualTo(cursor);
        assertThat(ListCursor.decode(new ListCursor(1, null).encode(), 3))
                .isEqualTo(new ListCursor(1, null));
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void refusesCursorsItDidNotMake() {
        for (String bad :
                new String[] {
                    "",
                    "!!",
                    b64("{}"),
                    b64("[5,null]"),
                    b64("[-1,null]"),
                    b64("[0,3]"),
                    b64("[0.5,null]"),
                    b64("[0,null,1]")
                }) {
            assertThatThrownBy(() -> ListCursor.decode(bad, 3))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cursor");
        }
    }
}
