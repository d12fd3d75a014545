package io.reflow.gateway.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UriTemplatesTest {

    @Test
    void matchesUrisMadeFromTheTemplate() {
        var simple = UriTemplates.pattern("demo://resource/dynamic/text/{resourceId}");
        assertThat(simple.matcher("demo://resource/dynamic/text/42").matches()).isTrue();
        assertThat(simple.matcher("demo://resource/dynamic/text/4/2").matches()).isFalse();
        assertThat(simple.matcher("demo://resource/dynamic/blob/42").matches()).isFalse();
        var reserved = UriTemplates.pattern("file:///{+path}");
        assertThat(reserved.matcher("file:///a/b/c.txt").matches()).isTrue();
        var query = UriTemplates.pattern("search://items{?q,limit}");
        assertThat(query.matcher("search://items?q=x&limit=2").matches()).isTrue();
        assertThat(query.matcher("search://items").matches()).isTrue();
    }

    @Test
    void quotesTheLiteralParts() {
        assertThat(UriTemplates.pattern("a.b/{x}").matcher("aXb/1").matches()).isFalse();
    }
}
