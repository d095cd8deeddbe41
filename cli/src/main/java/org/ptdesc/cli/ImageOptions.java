package org.ptdesc.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.MemoryImage;
import picocli.CommandLine.Option;

/**
 * The memory image and the root register values to walk it from. An image is opened by its
 * format; raw memory only when the user gives its base address, and a file in a recognised
 * format is read as raw only when the user insists with {@code --raw}.
 */
final class ImageOptions {

    @Option(names = "--image", required = true, paramLabel = "IMAGE",
            description = "Memory image: an ELF core (QEMU dump-guest-memory, kdump vmcore), a LiME file, or, with --base, a raw file; may be gzip-compressed.")
    Path image;

    @Option(names = "--base", paramLabel = "HEX", converter = HexConverter.class,
            description = "Read IMAGE as raw memory whose first byte is at this physical address (refused for a file in a recognised format unless --raw).")
    Long base;

    @Option(names = "--raw",
            description = "Read IMAGE as raw memory even if it is in a recognised format (at --base, default 0).")
    boolean raw;

    @Option(names = "--max-decompressed", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Most bytes a gzip-compressed image may expand to (default: 64G); e.g. 512M, 1T.")
    Long maxDecompressed;

    @Option(names = "--root", required = true, paramLabel = "HEX", converter = HexConverter.class,
            description = "Raw root register value (e.g. CR3, satp, TTBR0_EL1); repeat, in declaration order, for trees with several roots.")
    List<Long> roots = new ArrayList<>();

    PhysicalMemory memory() throws IOException {
        return open().memory();
    }

    /** The image, opened as the options say. */
    MemoryImage open() throws IOException {
        ImageLimits limits = maxDecompressed == null ? ImageLimits.DEFAULT
                : new ImageLimits(maxDecompressed, ImageLimits.DEFAULT.pageCacheBytes());
        if (base != null || raw) {
            return ImageFile.openRaw(image, base == null ? 0 : base, raw, Arena.ofAuto(), limits);
        }
        return ImageFile.open(image, Arena.ofAuto(), limits);
    }

    long[] roots(TreeInfo info) {
        if (roots.size() != info.roots().size()) {
            List<String> names = info.roots().stream().map(TreeInfo.RootInfo::register).toList();
            throw new UserError("tree " + info.name() + " needs " + names.size() + " --root value(s), for "
                    + String.join(", ", names) + " in that order; got " + roots.size());
        }
        return roots.stream().mapToLong(Long::longValue).toArray();
    }
}
