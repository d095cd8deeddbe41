package org.ptdesc.images;

/**
 * The stored bytes of one page do not decode to exactly one page: thrown by the page decoders
 * ({@link Lzo1xBlock}, {@link SnappyBlock}, {@link ZstdFrame}, {@link PageCodec}) with the
 * position in the stored bytes where decoding stopped, and turned by {@link KdumpImage} into an
 * {@link org.ptdesc.runtime.image.ImageFormatException} that names the file offset and the page
 * frame. It never leaves the package. It carries no stack trace: a hostile dump may hold millions
 * of corrupt pages, and the position says all there is to say.
 */
final class CorruptData extends Exception {
    private static final long serialVersionUID = 1L;

    private final int position;

    CorruptData(int position, String message) {
        super(message, null, false, false);
        this.position = position;
    }

    /** The offset in the stored bytes of the instruction, length or value that is wrong. */
    int position() {
        return position;
    }
}
