package org.ptdesc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import picocli.CommandLine.Option;

/** The memory image and the root register values to walk it from. */
final class ImageOptions {

    @Option(names = "--image", required = true, paramLabel = "IMAGE",
            description = "Memory image: an ELF core (QEMU dump-guest-memory, kdump vmcore) or, with --base, a raw file; may be gzip-compressed.")
    Path image;

    @Option(names = "--base", paramLabel = "HEX", converter = HexConverter.class,
            description = "Read IMAGE as a raw file whose first byte is at this physical address.")
    Long base;

    @Option(names = "--root", required = true, paramLabel = "HEX", converter = HexConverter.class,
            description = "Raw root register value (e.g. CR3, satp, TTBR0_EL1); repeat, in declaration order, for trees with several roots.")
    List<Long> roots = new ArrayList<>();

    PhysicalMemory memory() throws IOException {
        return base != null ? PhysicalMemory.raw(image, base) : PhysicalMemory.open(image);
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
