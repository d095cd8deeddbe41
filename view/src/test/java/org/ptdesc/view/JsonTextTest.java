package org.ptdesc.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void stringsCannotCloseTheScriptElementOrStartMarkup() {
        StringBuilder sb = new StringBuilder();
        new JsonText(sb).beginArray().value("</script><b>\"x\"&\n").hex(-1L).value(3).endArray();
        assertEquals("[\"\\u003c/script\\u003e\\u003cb\\u003e\\\"x\\\"\\u0026\\n\",\"ffffffffffffffff\",3]", sb.toString());
    }

    @Test
    void htmlTextIsEscaped() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;", ViewPage.escapeHtml("a <b> & \"c\" '"));
    }
}
