package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.ImageNotes;
import org.ptdesc.runtime.image.MemoryImage;
import org.ptdesc.runtime.roots.PagingModeCheck;
import org.ptdesc.runtime.roots.RootFinder;
import org.ptdesc.runtime.roots.RootFinding;
import org.ptdesc.runtime.roots.RootSet;
import org.ptdesc.runtime.roots.RootValue;
import picocli.CommandLine.Option;

/**
 * The memory image and the root register values to walk it from: given with {@code --root},
 * or, when left out, taken from the image's CPU notes or VMCOREINFO ({@link RootFinder}). An
 * image is opened by its format; raw memory only when the user gives its base address, and a
 * file in a recognised format is read as raw only when the user insists with {@code --raw}.
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

    @Option(names = "--page-cache", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Most bytes of decoded pages kept in memory for a compressed kdump image, whose pages are decoded as they are read (default: 64M; at least two pages are kept); e.g. 8M, 1G.")
    Long pageCache;

    @Option(names = "--root", paramLabel = "HEX", converter = HexConverter.class,
            description = "Raw root register value (e.g. CR3, satp, TTBR0_EL1); repeat, in declaration order, for trees with several roots."
                    + " Default: the registers the image's CPU notes or VMCOREINFO give (stderr says which).")
    List<Long> roots = new ArrayList<>();

    @Option(names = "--cpu", paramLabel = "N", converter = CpuNumberConverter.class,
            description = "Take the root registers from CPU N of the image (default: the first CPU that has them).")
    Integer cpu;

    PhysicalMemory memory() throws IOException {
        return open().memory();
    }

    /** The image, opened as the options say. */
    MemoryImage open() throws IOException {
        ImageLimits limits = limits();
        if (base != null || raw) {
            return ImageFile.openRaw(image, base == null ? 0 : base, raw, Arena.ofAuto(), limits);
        }
        return ImageFile.open(image, Arena.ofAuto(), limits);
    }

    /** The limits the options give, each defaulting to {@link ImageLimits#DEFAULT}'s. */
    ImageLimits limits() {
        return new ImageLimits(maxDecompressed == null ? ImageLimits.DEFAULT.maxDecompressedBytes() : maxDecompressed,
                pageCache == null ? ImageLimits.DEFAULT.pageCacheBytes() : pageCache);
    }

    /**
     * The roots to walk {@code info}'s tree from: the {@code --root} values, or what the image
     * gives, said on {@code err}; warnings when the image's paging mode is not the tree's.
     */
    RootSet roots(TreeInfo info, MemoryImage img, PrintWriter err) {
        warnAboutPagingMode(info, img.notes(), err);
        if (!roots.isEmpty()) {
            if (cpu != null) {
                throw new UsageError("--cpu picks the CPU whose registers give the roots; it cannot be used with --root");
            }
            return given(info);
        }
        RootFinding finding = RootFinder.find(info, img.notes(), cpu == null ? OptionalInt.empty() : OptionalInt.of(cpu));
        return switch (finding) {
            case RootFinding.Found f -> {
                err.println("ptdesc: " + ControlCharacters.escape(f.summary()));
                for (String d : f.details()) {
                    err.println("ptdesc:   " + ControlCharacters.escape(d));
                }
                err.flush();
                yield f.roots();
            }
            case RootFinding.Missing m -> throw new UserError("no --root given and " + ControlCharacters.escape(m.reason())
                    + ". Give --root " + String.join(" --root ", registerNames(info))
                    + ", or list candidate roots with: ptdesc info --desc FILE --image IMAGE --scan");
        };
    }

    /** The CPU whose registers the paging-mode check reads: the chosen one, or the first. */
    Optional<CpuState> cpuState(ImageNotes notes) {
        return cpu == null ? notes.cpus().stream().findFirst()
                : notes.cpus().stream().filter(c -> c.index() == cpu).findFirst();
    }

    private void warnAboutPagingMode(TreeInfo info, ImageNotes notes, PrintWriter err) {
        for (String w : PagingModeCheck.check(info, notes, cpuState(notes))) {
            err.println("ptdesc: warning: " + ControlCharacters.escape(w));
        }
        err.flush();
    }

    /**
     * The {@code --root} values for {@code info}'s tree, which must be given: a guest tree under
     * {@code --stage2} lives in guest memory, and the image's notes describe the host's CPUs.
     */
    long[] requiredRoots(TreeInfo info, String why) {
        if (roots.isEmpty()) {
            throw new UserError("--root is required " + why + ": give --root "
                    + String.join(" --root ", registerNames(info)));
        }
        return given(info).registers();
    }

    private RootSet given(TreeInfo info) {
        if (roots.size() != info.roots().size()) {
            throw new UserError("tree " + info.name() + " needs " + info.roots().size() + " --root value(s), for "
                    + String.join(", ", info.roots().stream().map(TreeInfo.RootInfo::register).toList())
                    + " in that order; got " + roots.size());
        }
        List<RootValue> values = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            TreeInfo.RootInfo r = info.roots().get(i);
            values.add(new RootValue(r.register(), r.first(), r.last(), OptionalLong.of(roots.get(i)), "--root"));
        }
        return new RootSet(values);
    }

    private static List<String> registerNames(TreeInfo info) {
        return info.roots().stream().map(r -> r.register().toUpperCase(java.util.Locale.ROOT)).toList();
    }
}
