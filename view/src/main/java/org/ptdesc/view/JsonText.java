package org.ptdesc.view;

/**
 * A minimal JSON writer for the page's embedded data. Strings are escaped so that the text is
 * also safe inside an HTML {@code <script>} element: {@code <}, {@code >}, {@code &} and the
 * JavaScript line separators are written as {@code \}{@code u} escapes, so no descriptor or image
 * text can close the element or start markup. Addresses are written as hex strings without
 * {@code 0x}, since JavaScript numbers cannot hold 64 bits.
 */
final class JsonText {
    private final StringBuilder out;
    private boolean needComma;

    JsonText(StringBuilder out) {
        this.out = out;
    }

    JsonText beginObject() {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    JsonText endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    JsonText beginArray() {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    JsonText endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    JsonText name(String name) {
        separate();
        quote(name);
        out.append(':');
        needComma = false;
        return this;
    }

    JsonText value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            quote(s);
        }
        needComma = true;
        return this;
    }

    JsonText value(long v) {
        separate();
        out.append(v);
        needComma = true;
        return this;
    }

    JsonText value(double v) {
        separate();
        out.append(Double.isFinite(v) ? Double.toString(v) : "0");
        needComma = true;
        return this;
    }

    JsonText value(boolean v) {
        separate();
        out.append(v);
        needComma = true;
        return this;
    }

    JsonText hex(long v) {
        return value(Long.toHexString(v));
    }

    private void separate() {
        if (needComma) {
            out.append(',');
        }
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
