package org.ptdesc.runtime.image;

/**
 * Bounds on the resources an image may take when it is opened, so that a hostile file cannot
 * make the reader use more memory, disk or time than the user allows.
 *
 * @param maxDecompressedBytes the most bytes a compressed image (gzip) may expand to
 * @param pageCacheBytes the most bytes of decoded pages kept in memory for paged images
 */
public record ImageLimits(long maxDecompressedBytes, long pageCacheBytes) {

    /** 64 GiB of decompressed data, 64 MiB of page cache. */
    public static final ImageLimits DEFAULT = new ImageLimits(64L << 30, 64L << 20);

    public ImageLimits {
        if (maxDecompressedBytes <= 0 || pageCacheBytes <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
