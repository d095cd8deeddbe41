package org.ptdesc.images;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.lang.foreign.MemorySegment;

/**
 * A decoder of the Zstandard frame makedumpfile {@code -z} stores for each page (flag
 * {@code DUMP_DH_COMPRESSED_ZSTD}, the output of {@code ZSTD_compressCCtx}), through zstd-jni,
 * the reference C library's JNI binding. makedumpfile's frames use the whole format (Huffman
 * literals, FSE sequences), so a decoder of our own would be a full zstd decoder; why zstd-jni
 * rather than that is in docs/images.md.
 *
 * <p>Decisions: the frame must decode to exactly the page, and is decoded straight into it:
 * into the page's own array when the page is a heap segment over a {@code byte[]} (what the
 * runtime's page cache hands out), otherwise into the native memory behind it. Each thread
 * keeps one decompression context (zstd-jni's contexts are not thread-safe, and making one per
 * page would allocate native memory per page). When the native library cannot be loaded on
 * this platform, each zstd page is reported as undecodable with the reason, as corrupt data is,
 * rather than the walk failing.
 */
final class ZstdFrame {

    private static final ThreadLocal<ZstdDecompressCtx> CONTEXT = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private ZstdFrame() {
    }

    /**
     * Decodes {@code length} bytes of {@code in} into the first {@code size} bytes of
     * {@code page}.
     *
     * @throws CorruptData when the frame is corrupt, does not decode to exactly {@code size}
     *     bytes, or the native decoder is not available
     */
    static void decode(byte[] in, int length, MemorySegment page, int size) throws CorruptData {
        int n;
        try {
            ZstdDecompressCtx context = CONTEXT.get();
            if (page.heapBase().orElse(null) instanceof byte[] array) {
                n = context.decompressByteArray(array, Math.toIntExact(page.address()), size, in, 0, length);
            } else {
                n = context.decompressByteArrayToDirectByteBuffer(page.asByteBuffer(), 0, size, in, 0, length);
            }
        } catch (ZstdException e) {
            throw new CorruptData(0, "zstd: " + e.getMessage());
        } catch (LinkageError e) {
            // UnsatisfiedLinkError the first time, NoClassDefFoundError after: no library for this platform.
            throw new CorruptData(0, "zstd: the native decoder (zstd-jni) is not available here: " + e);
        }
        if (n != size) {
            throw new CorruptData(0, "zstd: the frame decodes to " + n + " bytes, not " + size);
        }
    }
}
