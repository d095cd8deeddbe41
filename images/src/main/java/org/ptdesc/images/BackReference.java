package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The copy both LZ77 formats here share ({@link Lzo1xBlock}, {@link SnappyBlock}): repeat
 * {@code count} bytes of the page from {@code distance} bytes before the write position. The
 * callers check that the source lies in the page's decoded part and the destination in the page.
 */
final class BackReference {

    private BackReference() {
    }

    /**
     * Copies {@code count} bytes from {@code op - distance} to {@code op}. When the two overlap
     * the bytes are copied one at a time in order, so that a distance shorter than the length
     * repeats the last {@code distance} bytes (a run), which is what the formats mean by it and
     * not what a block copy would do.
     */
    static void copy(MemorySegment page, int op, int distance, int count) {
        if (distance >= count) {
            MemorySegment.copy(page, op - distance, page, op, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            page.set(ValueLayout.JAVA_BYTE, op + i, page.get(ValueLayout.JAVA_BYTE, op + i - distance));
        }
    }
}
