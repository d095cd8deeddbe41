package org.ptdesc.view;

/**
 * A minimal streaming JSON writer, for the page's embedded data and for the command line's
 * {@code --format json}. Strings are escaped as RFC 8259 requires (quote, backslash, U+0000..U+001F;
 * DEL too), and so that the text is also safe inside an HTML {@code <script>} element: {@code <}, {@code >}, {@code &} and the
 * JavaScript line separators are written as {@code \}{@code u} escapes, so no descriptor or image
 * text can close the element or start markup. Addresses are written as hex strings without
 * {@code 0x} by {@link #hex}, since JavaScript numbers cannot hold 64 bits.
 */
public final class JsonText {
    private final StringBuilder out;
    private boolean needComma;

    /** A writer appending to {@code out}. */
    public JsonText(StringBuilder out) {
        this.out = out;
    }

    /** A writer with its own buffer; {@link #toString()} gives the text. */
    public JsonText() {
        this(new StringBuilder());
    }

    public JsonText beginObject() {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    public JsonText endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public JsonText beginArray() {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    public JsonText endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    public JsonText name(String name) {
        separate();
        quote(name);
        out.append(':');
        needComma = false;
        return this;
    }

    public JsonText value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            quote(s);
        }
        needComma = true;
        return this;
    }

    public JsonText value(long v) {
        separate();
        out.append(v);
        needComma = true;
        return this;
    }

    public JsonText value(double v) {
        separate();
        out.append(Double.isFinite(v) ? Double.toString(v) : "0");
        needComma = true;
        return this;
    }

    public JsonText value(boolean v) {
        separate();
        out.append(v);
        needComma = true;
        return this;
    }

    public JsonText hex(long v) {
        return value(Long.toHexString(v));
    }

    /** {@code name}, then the string {@code s}. */
    public JsonText field(String name, String s) {
        return name(name).value(s);
    }

    /** {@code name}, then the number {@code n}. */
    public JsonText field(String name, long n) {
        return name(name).value(n);
    }

    /** {@code name}, then the boolean {@code b}. */
    public JsonText field(String name, boolean b) {
        return name(name).value(b);
    }

    /** The text written so far. */
    @Override
    public String toString() {
        return out.toString();
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
                    if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
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
