/**
 * Memory-image formats that need decompression, kept out of the dependency-free runtime and
 * found by it through {@link org.ptdesc.runtime.image.ImageReader}: makedumpfile's
 * kdump-compressed format ({@link org.ptdesc.images.KdumpReader}) and its flattened stream
 * ({@link org.ptdesc.images.FlattenedReader}). Both read through a
 * {@link org.ptdesc.images.ByteSource}, the file itself or the file a flattened stream
 * describes; {@link org.ptdesc.images.KdumpImage} decodes pages on demand
 * ({@link org.ptdesc.images.PageCodec}: zlib, LZO, Snappy, Zstandard).
 */
package org.ptdesc.images;
