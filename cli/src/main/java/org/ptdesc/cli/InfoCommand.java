package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;
import org.ptdesc.runtime.image.MemoryImage;
import org.ptdesc.runtime.roots.PagingModeCheck;
import org.ptdesc.runtime.roots.RootFinder;
import org.ptdesc.runtime.roots.RootFinding;
import org.ptdesc.runtime.roots.RootScan;
import org.ptdesc.runtime.roots.RootSet;
import org.ptdesc.runtime.roots.RootValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ptdesc info}: what an image holds (format, physical ranges, CPU registers, VMCOREINFO),
 * the roots a walk would use, and, with {@code --desc}, a one-line summary of the walk from each
 * root; with {@code --scan}, candidate roots found by {@link RootScan}.
 */
@Command(name = "info", description = "Describe a memory image: format, ranges, notes, and the roots a walk would use.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "The memory image (or use --image).")
    Path imageArgument;

    @Option(names = "--image", paramLabel = "IMAGE", description = "The memory image.")
    Path imageOption;

    @Option(names = "--base", paramLabel = "HEX", converter = HexConverter.class,
            description = "Read IMAGE as a raw file whose first byte is at this physical address.")
    Long base;

    @Option(names = "--desc", paramLabel = "FILE", description = "A descriptor: show the roots of its tree and a summary of the walk from each.")
    Path desc;

    @Option(names = "--tree", paramLabel = "NAME", description = "The tree to use; default: the only tree, or the one named after the file.")
    String tree;

    @Option(names = {"-P", "--param"}, paramLabel = "NAME=VALUE", description = "Give a descriptor parameter a value.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--root", paramLabel = "HEX", converter = HexConverter.class,
            description = "Root register values to use instead of the image's (in declaration order).")
    List<Long> roots = new ArrayList<>();

    @Option(names = "--cpu", paramLabel = "N", converter = CpuNumberConverter.class, description = "Take the root registers from CPU N.")
    Integer cpu;

    @Option(names = "--scan", description = "With --desc: scan the image for candidate roots (a heuristic; see the README).")
    boolean scan;

    @Option(names = "--scan-top", paramLabel = "N", description = "Candidates listed per root by --scan (default 10).")
    int scanTop = 10;

    @Option(names = "--format", paramLabel = "text|json", description = "Output format: ${COMPLETION-CANDIDATES}; default text.")
    InfoFormat format = InfoFormat.text;

    /** Output formats of {@code info}. */
    enum InfoFormat { text, json }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (imageArgument != null && imageOption != null) {
            throw new UsageError("give the image once: as IMAGE or with --image");
        }
        if (imageArgument == null && imageOption == null) {
            throw new UsageError("no image: give IMAGE or --image");
        }
        if (scan && desc == null) {
            throw new UsageError("--scan needs --desc: the descriptor decides what a table looks like");
        }
        ImageOptions image = new ImageOptions();
        image.image = imageArgument != null ? imageArgument : imageOption;
        image.base = base;
        MemoryImage img = image.open();
        InfoReport.TreeReport treeReport = desc == null ? null : treeReport(img, image, err);
        InfoReport report = new InfoReport(image.image.toString(), img.format(), img.memory().description(),
                img.memory().ranges(), img.notes().cpus(), img.notes().vmcoreinfo(), treeReport);
        out.print(format == InfoFormat.json ? InfoJson.render(report, scanTop) : InfoText.render(report, scanTop));
        out.flush();
        return 0;
    }

    private InfoReport.TreeReport treeReport(MemoryImage img, ImageOptions image, PrintWriter err) {
        DescriptorOptions d = new DescriptorOptions();
        d.desc = desc;
        d.tree = tree;
        d.params = params;
        TreeWalker walker = d.walker(err);
        var info = walker.info();
        List<String> warnings = PagingModeCheck.check(info, img.notes(), image.cpuState(img.notes()));
        RootScan.ScanReport scanned = scan ? RootScan.scan(walker, img.memory(), RootScan.ScanLimits.DEFAULT) : null;
        RootSet set;
        String source;
        List<String> details;
        if (!roots.isEmpty()) {
            if (cpu != null) {
                throw new UsageError("--cpu picks the CPU whose registers give the roots; it cannot be used with --root");
            }
            image.roots = roots;
            set = image.roots(info, img, new PrintWriter(java.io.Writer.nullWriter()));
            source = "given with --root";
            details = List.of();
        } else {
            RootFinding f = RootFinder.find(info, img.notes(), cpu == null ? OptionalInt.empty() : OptionalInt.of(cpu));
            switch (f) {
                case RootFinding.Found found -> {
                    set = found.roots();
                    source = found.summary();
                    details = found.details();
                }
                case RootFinding.Missing m -> {
                    return new InfoReport.TreeReport(info.name(), desc.toString(), m.reason(), List.of(), false, warnings,
                            List.of(), scanned);
                }
            }
        }
        List<InfoReport.RootWalk> walks = new ArrayList<>();
        for (RootValue r : set.roots()) {
            walks.add(r.value().isPresent() ? walkFrom(walker, img.memory(), set, r)
                    : new InfoReport.RootWalk(r.register(), null, r.source(), 0, 0, 0, Map.of()));
        }
        return new InfoReport.TreeReport(info.name(), desc.toString(), source, details, true, warnings, walks, scanned);
    }

    /** Walks the range of root {@code r} and counts what it maps. */
    private static InfoReport.RootWalk walkFrom(TreeWalker walker, PhysicalMemory mem, RootSet set, RootValue r) {
        long[] counts = new long[3];
        Map<Long, Long> sizes = new TreeMap<>(Long::compareUnsigned);
        walker.walk(mem, set.registers(), r.first(), r.last(), new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                counts[0]++;
                counts[1] += size;
                sizes.merge(size, 1L, Long::sum);
                return true;
            }

            @Override
            public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
                counts[2]++;
                return true;
            }
        });
        return new InfoReport.RootWalk(r.register(), r.value().getAsLong(), r.source(), counts[0], counts[1], counts[2], sizes);
    }
}
