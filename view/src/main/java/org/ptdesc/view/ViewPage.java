package org.ptdesc.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Picture} as one self-contained HTML page: the template, style sheet and script
 * are resources of this module and go inline with the data, so the page loads nothing and opens
 * from the file system in any current browser. The script draws on canvas, so hundreds of
 * thousands of leaves stay responsive.
 */
public final class ViewPage {
    private ViewPage() {}

    /** Writes the page of {@code picture} to {@code out} (not closed). */
    public static void write(Picture picture, Writer out) throws IOException {
        PageData data = new PageData(picture);
        String template = resource("view.html");
        String[] parts = template.split("@@", -1);
        // parts alternate text and placeholder names: text @@NAME@@ text ...
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 0) {
                out.write(parts[i]);
                continue;
            }
            switch (parts[i]) {
                case "TITLE" -> out.write(escapeHtml(picture.title()));
                case "STYLE" -> out.write(resource("view.css"));
                case "SCRIPT" -> out.write(resource("view.js"));
                case "DATA" -> out.write(data.json());
                case "RUNS0" -> out.write(data.runsFirst());
                case "RUNS1" -> out.write(data.runsSecond());
                case "HOLES0" -> out.write(data.holes(0));
                case "HOLES1" -> out.write(data.holes(1));
                case "TABLES0" -> out.write(data.tables(0));
                case "TABLES1" -> out.write(data.tables(1));
                default -> throw new IllegalStateException("view.html: unknown placeholder " + parts[i]);
            }
        }
    }

    /** {@code s} as HTML text: the five characters that could start markup or end an attribute escaped. */
    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = ViewPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
