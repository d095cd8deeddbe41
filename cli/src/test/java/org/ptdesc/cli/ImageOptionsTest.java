package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --image, --base, --raw, --max-decompressed and --page-cache: raw memory only when asked for,
 * limits the user can raise.
 */
class ImageOptionsTest {

    private static final String X86 = CliTest.X86;

    @TempDir
    Path tmp;

    /** A hand-built x86-64 path for va 0x1234 to page 0x200000, tables from physical 0x100000. */
    private static byte[] tree() {
        ByteBuffer b = ByteBuffer.allocate(0x4000).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x0000, 0x101000L | 3);
        b.putLong(0x1000, 0x102000L | 3);
        b.putLong(0x2000, 0x103000L | 3);
        b.putLong(0x3000 + 8, 0x200000L | 3);
        return b.array();
    }

    private static CliRun translate(Path image, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("translate", "--desc", X86, "--image", image.toString(),
                "--root", "0x100000"));
        args.addAll(List.of(options));
        args.add("0x1234");
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aFileInNoRecognisedFormatNeedsBase() throws IOException {
        Path raw = Files.write(tmp.resolve("tree.raw"), tree());
        CliRun refused = translate(raw);
        assertEquals(1, refused.status());
        assertEquals("", refused.out());
        assertTrue(refused.err().contains("tree.raw: not a memory image in a recognised format"), refused.err());
        assertTrue(refused.err().contains("recognised: ELF core, LiME"), refused.err());
        assertTrue(refused.err().contains("--base ADDRESS"), refused.err());

        CliRun based = translate(raw, "--base", "0x100000");
        assertEquals(0, based.status(), based.err());
        assertEquals("0x1234 0x200234\n", based.out());
    }

    @Test
    void baseOnAnElfCoreIsRefusedUnlessRaw() {
        Path core = Path.of(CliTest.IMAGE);
        CliRun refused = translate(core, "--base", "0");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("is an ELF file, not raw memory"), refused.err());
        assertTrue(refused.err().contains("--raw"), refused.err());
        // Insisting reads the ELF bytes as memory: the walk runs (over garbage) and says so by its answer.
        CliRun insisted = translate(core, "--base", "0", "--raw");
        assertEquals(0, insisted.status(), insisted.err());
        assertTrue(insisted.out().startsWith("0x1234 "), insisted.out());
    }

    @Test
    void aDirectoryIsNotAnImage() {
        CliRun run = translate(tmp);
        assertEquals(1, run.status());
        assertTrue(run.err().contains("not a regular file (it is a directory)"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void theDecompressionLimitCanBeLoweredAndRaised() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(tree());
        }
        Path gz = Files.write(tmp.resolve("tree.raw.gz"), compressed.toByteArray());
        CliRun low = translate(gz, "--base", "0x100000", "--max-decompressed", "1K");
        assertEquals(1, low.status());
        assertTrue(low.err().contains("gzip data decompresses to more than 1024 bytes, the limit (raise it with"
                + " --max-decompressed)"), low.err());
        CliRun enough = translate(gz, "--base", "0x100000", "--max-decompressed", "16K");
        assertEquals(0, enough.status(), enough.err());
        assertEquals("0x1234 0x200234\n", enough.out());
        CliRun bad = translate(gz, "--base", "0x100000", "--max-decompressed", "lots");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("'lots' is not a positive size"), bad.err());
    }

    /** A kdump-compressed dump QEMU made of a 2 MiB PC (see the README beside it in the images module). */
    private static final Path KDUMP = Path.of("..", "images", "src", "test", "resources", "org", "ptdesc", "images",
            "qemu-zlib.kdump.gz");

    @Test
    void thePageCacheSizeIsAnOptionBesideTheDecompressionLimit() {
        ImageOptions options = new ImageOptions();
        new picocli.CommandLine(options).parseArgs("--image", "x", "--page-cache", "8M", "--max-decompressed", "1G");
        assertEquals(8L << 20, options.limits().pageCacheBytes());
        assertEquals(1L << 30, options.limits().maxDecompressedBytes());
        ImageOptions defaults = new ImageOptions();
        new picocli.CommandLine(defaults).parseArgs("--image", "x");
        assertEquals(org.ptdesc.runtime.image.ImageLimits.DEFAULT, defaults.limits());
    }

    @Test
    void aKdumpFileTranslatesThroughASmallPageCache() {
        // The script's tables: PML4 0x100000 -> PDPT 0x101000 -> PD 0x102000 -> PT 0x103000,
        // PT[1] = 0x105003, so VA 0x1234 is PA 0x105234; the smallest cache (two pages) is enough.
        CliRun run = translate(KDUMP, "--page-cache", "4K");
        assertEquals(0, run.status(), run.err());
        assertEquals("0x1234 0x105234\n", run.out());
        CliRun bad = translate(KDUMP, "--page-cache", "0");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("'0' is not a positive size"), bad.err());
    }
}
