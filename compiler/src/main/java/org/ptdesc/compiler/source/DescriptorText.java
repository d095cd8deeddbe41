package org.ptdesc.compiler.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The first half of the rule that decides whether an included file is a descriptor, whose lines
 * may be quoted in diagnostics, or some other file, whose content must never be echoed (a
 * descriptor could otherwise include a secret and have the checker print it). Descriptor text is
 * UTF-8 without control characters other than tab, line feed, carriage return and form feed.
 * The second half, that its first tokens start a declaration, belongs to the syntax stage.
 */
public final class DescriptorText {

    private DescriptorText() {}

    /** Why {@code bytes} are no descriptor text, in words that quote none of them; empty when they are. */
    public static Optional<String> problem(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.of("it is not UTF-8 text");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
                    || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control) {
                return Optional.of("it contains control characters");
            }
        }
        return Optional.empty();
    }
}
