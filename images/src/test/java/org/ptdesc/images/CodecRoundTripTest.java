package org.ptdesc.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.v3.Compressor;
import io.airlift.compress.v3.lzo.LzoCompressor;
import io.airlift.compress.v3.snappy.SnappyJavaCompressor;
import io.airlift.compress.v3.zstd.ZstdJavaCompressor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.image.ElfCore;
import org.ptdesc.runtime.image.ImageFile;

/**
 * Our LZO1X and Snappy decoders, and the zstd one, against compressors that are not ours:
 * aircompressor's LZO1X-1, Snappy and zstd compressors, and the reference zstd library
 * (zstd-jni's {@code ZSTD_compress}, what makedumpfile calls). Pages: random bytes, zeros,
 * repeated patterns of many periods, text, page-table-like entries, mixtures, and every page of
 * the QEMU machine in the test resources. Then hostile input: every truncation of a block, and
 * random corruption, must give back only {@link CorruptData}, and never a write past the page.
 */
class CodecRoundTripTest {

    static final int PAGE = 4096;
    static final List<byte[]> PAGES = new ArrayList<>();

    @BeforeAll
    static void pages() throws Exception {
        Random random = new Random(20250613);
        PAGES.add(new byte[PAGE]);
        for (int i = 0; i < 40; i++) {
            byte[] page = new byte[PAGE];
            random.nextBytes(page);
            PAGES.add(page);
        }
        for (int period : new int[] {1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 64, 100, 255, 1000, 2049, 3000}) {
            byte[] page = new byte[PAGE];
            byte[] unit = new byte[period];
            random.nextBytes(unit);
            for (int i = 0; i < PAGE; i++) {
                page[i] = unit[i % period];
            }
            PAGES.add(page);
        }
        for (int i = 0; i < 40; i++) {
            // Mixtures: runs of random bytes, zeros and copies of earlier stretches, at random.
            byte[] page = new byte[PAGE];
            int at = 0;
            while (at < PAGE) {
                int n = Math.min(PAGE - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 600));
                switch (random.nextInt(3)) {
                    case 0 -> {
                        byte[] part = new byte[n];
                        random.nextBytes(part);
                        System.arraycopy(part, 0, page, at, n);
                    }
                    case 1 -> Arrays.fill(page, at, at + n, (byte) 0);
                    default -> {
                        if (at > 0) {
                            int from = random.nextInt(at);
                            for (int k = 0; k < n; k++) {
                                page[at + k] = page[from + k];
                            }
                        }
                    }
                }
                at += n;
            }
            PAGES.add(page);
        }
        for (int i = 0; i < 20; i++) {
            // Page tables: 512 little-endian entries, mostly empty, some frame numbers with flags.
            byte[] page = new byte[PAGE];
            for (int e = 0; e < 512; e++) {
                if (random.nextInt(4) == 0) {
                    long entry = (random.nextLong(1L << 28) << 12) | 0x63 | (random.nextBoolean() ? 1L << 63 : 0);
                    for (int b = 0; b < 8; b++) {
                        page[e * 8 + b] = (byte) (entry >>> (8 * b));
                    }
                }
            }
            PAGES.add(page);
        }
        byte[] text = ("The stream is composed of a series of instructions, operands, and data. ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] textPage = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            textPage[i] = (byte) (text[i % text.length] ^ (i % 97 == 0 ? 0x20 : 0));
        }
        PAGES.add(textPage);
        try (Arena arena = Arena.ofConfined()) {
            PhysicalMemory elf = ElfCore.read(ImageFile.map(QemuDumpTest.resource("qemu.elf.gz"), arena), "qemu.elf");
            for (PhysicalMemory.Range range : elf.ranges()) {
                for (long at = range.start(); at < range.start() + range.length(); at += PAGE) {
                    byte[] page = new byte[PAGE];
                    for (int i = 0; i < PAGE; i += 8) {
                        long v = elf.readLong(at + i);
                        for (int b = 0; b < 8; b++) {
                            page[i + b] = (byte) (v >>> (8 * b));
                        }
                    }
                    PAGES.add(page);
                }
            }
        }
    }

    /** A compressor that is not ours, for a codec. */
    record Oracle(String name, PageCodec codec, Compressor compressor) {
        byte[] compress(byte[] page) {
            if (compressor == null) {
                return Zstd.compress(page, 3);
            }
            byte[] out = new byte[compressor.maxCompressedLength(page.length)];
            int n = compressor.compress(page, 0, page.length, out, 0, out.length);
            return Arrays.copyOf(out, n);
        }
    }

    static final List<Oracle> ORACLES = List.of(
            new Oracle("aircompressor LZO1X-1", PageCodec.LZO, new LzoCompressor()),
            new Oracle("aircompressor Snappy", PageCodec.SNAPPY, new SnappyJavaCompressor()),
            new Oracle("aircompressor zstd", PageCodec.ZSTD, new ZstdJavaCompressor()),
            new Oracle("libzstd (zstd-jni)", PageCodec.ZSTD, null));

    @Test
    void everyPageComesBackExactly() throws CorruptData {
        assertTrue(PAGES.size() > 600, "pages: " + PAGES.size());
        for (Oracle oracle : ORACLES) {
            for (int i = 0; i < PAGES.size(); i++) {
                byte[] page = PAGES.get(i);
                byte[] stored = oracle.compress(page);
                assertArrayEquals(page, CodecTest.decode(oracle.codec(), stored, PAGE), oracle.name() + ", page " + i);
            }
        }
    }

    @Test
    void aBlockOfOneByteMoreOrLessThanThePageIsCorrupt() {
        for (Oracle oracle : ORACLES) {
            byte[] page = PAGES.get(60);
            byte[] longer = Arrays.copyOf(page, PAGE + 1);
            byte[] shorter = Arrays.copyOf(page, PAGE - 1);
            assertThrows(CorruptData.class, () -> CodecTest.decode(oracle.codec(), oracle.compress(longer), PAGE),
                    oracle.name());
            assertThrows(CorruptData.class, () -> CodecTest.decode(oracle.codec(), oracle.compress(shorter), PAGE),
                    oracle.name());
        }
    }

    @Test
    void everyTruncationIsCorrupt() {
        int[] samples = {0, 1, 45, 60, 80, 110, 130, 200, 400};
        for (Oracle oracle : ORACLES) {
            for (int i : samples) {
                byte[] stored = oracle.compress(PAGES.get(i));
                for (int cut = 0; cut < stored.length; cut++) {
                    byte[] part = Arrays.copyOf(stored, cut);
                    CorruptData e = assertThrows(CorruptData.class, () -> CodecTest.decode(oracle.codec(), part, PAGE),
                            oracle.name() + ", page " + i + " cut at " + cut);
                    assertTrue(e.position() >= 0 && e.position() <= cut, "position " + e.position() + " of " + cut);
                }
            }
        }
    }

    @Test
    void randomCorruptionGivesCorruptDataOrAPageNeverAnythingElse() {
        Random random = new Random(7);
        int reported = 0;
        int trials = 0;
        for (Oracle oracle : ORACLES) {
            for (int i = 0; i < PAGES.size(); i += 7) {
                byte[] stored = oracle.compress(PAGES.get(i));
                for (int t = 0; t < 20; t++) {
                    byte[] bad = stored.clone();
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                    trials++;
                    try {
                        // Either a page (the damage hit a literal) or CorruptData; decode() checks
                        // that nothing was written past the page; anything else fails the test.
                        assertNotNull(CodecTest.decode(oracle.codec(), bad, PAGE));
                    } catch (CorruptData e) {
                        reported++;
                    }
                }
            }
        }
        assertTrue(reported > trials / 4, reported + " of " + trials + " corruptions noticed");
    }

    @Test
    void randomBytesGiveCorruptDataOrAPageNeverAnythingElse() {
        Random random = new Random(11);
        int reported = 0;
        for (PageCodec codec : new PageCodec[] {PageCodec.LZO, PageCodec.SNAPPY, PageCodec.ZSTD}) {
            for (int t = 0; t < 3000; t++) {
                byte[] junk = new byte[random.nextInt(80)];
                random.nextBytes(junk);
                if (codec == PageCodec.SNAPPY && junk.length >= 2 && random.nextBoolean()) {
                    junk[0] = (byte) 0x80; // a correct preamble (4096), so the elements get decoded
                    junk[1] = 0x20;
                }
                try {
                    CodecTest.decode(codec, junk, PAGE);
                } catch (CorruptData e) {
                    reported++;
                }
            }
        }
        assertEquals(9000, reported, "random bytes decoded to a whole page");
    }

    @Test
    void decodingIntoALargerSegmentFillsOnlyThePage() throws CorruptData {
        byte[] page = PAGES.get(70);
        for (Oracle oracle : ORACLES) {
            byte[] target = new byte[3 * PAGE];
            Arrays.fill(target, (byte) 0x33);
            MemorySegment segment = MemorySegment.ofArray(target).asSlice(PAGE);
            byte[] stored = oracle.compress(page);
            oracle.codec().decode(stored, stored.length, segment, PAGE);
            assertArrayEquals(page, Arrays.copyOfRange(target, PAGE, 2 * PAGE), oracle.name());
            for (int i = 0; i < PAGE; i++) {
                assertEquals(0x33, target[i], oracle.name() + " wrote before the page");
                assertEquals(0x33, target[2 * PAGE + i], oracle.name() + " wrote after the page");
            }
        }
    }
}
