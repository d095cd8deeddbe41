package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.PieceWalk;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;
import org.ptdesc.runtime.image.MemoryImage;
import org.ptdesc.runtime.roots.RootSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ptdesc walk}: every mapping of a memory image, for people (text) or tools (tsv). */
@Command(name = "walk", description = "List every mapping of a memory image, like pmap.")
final class WalkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ImageOptions image;

    @Mixin
    Stage2Options stage2;

    @Mixin
    AccessOptions access;

    @Option(names = "--from", paramLabel = "HEX", converter = HexConverter.class, description = "First address (default 0).")
    long from = 0;

    @Option(names = "--to", paramLabel = "HEX", converter = HexConverter.class,
            description = "Last address, inclusive (default 0xffffffffffffffff).")
    long to = -1L;

    @Option(names = "--format", paramLabel = "text|tsv",
            description = "Output format: text (coalesced ranges and a summary) or tsv (one row per leaf); default text.")
    MappingFormat format = MappingFormat.text;

    @Option(names = "--faults", description = "Also list faults (entries matching a fault rule or no rule, unreadable tables).")
    boolean faults;

    @Option(names = "--limit", paramLabel = "N",
            description = "Stop after N leaves (pages and superpages), for trees that map very much.")
    Long limit;

    @Option(names = "--threads", paramLabel = "N",
            description = "Walk with N threads, each formatting what it walks (default: the cores, for a range of at least "
                    + WalkCommand.TABLES_FOR_THREADS + " page tables, else 1; not with --access or --stage2); the output is the same for every N.")
    Integer threads;

    /**
     * Page tables a range must hold before {@code walk} uses more than one thread unasked.
     * Started afresh, as a command always is, a listing on 2 of 2 cores took 5 to 12% longer
     * than on one for the largest bundled image (2 115 tables) and a 4-million-leaf tree (8 194),
     * the threads competing with the JIT compiling their code, and was 1.06 to 1.23 times as
     * fast for a 16.7-million-leaf tree (32 770) (bench/RESULTS.md).
     */
    static final long TABLES_FOR_THREADS = 16_384;

    @Override
    public Integer call() throws IOException {
        if (Long.compareUnsigned(from, to) > 0) {
            throw new ParameterException(spec.commandLine(), "--from " + HexConverter.hex(from) + " is after --to "
                    + HexConverter.hex(to) + " (both are inclusive)");
        }
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, not " + threads);
        }
        if (access.checked() && threads != null && threads > 1) {
            throw new ParameterException(spec.commandLine(), "--threads cannot be combined with --access yet");
        }
        if (stage2.active() && threads != null && threads > 1) {
            throw new ParameterException(spec.commandLine(), "--threads cannot be combined with --stage2 yet");
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        stage2.requireComplete();
        if (stage2.active()) {
            NestedWalker nested = stage2.walker(descriptor, err);
            Stage2Options.NestedCheck check = stage2.check(access, nested);
            long[] guestRoots = image.requiredRoots(nested.guestInfo(), "with --stage2 (the image's notes describe the host)");
            long[] hostRoots = stage2.roots(nested.hostInfo());
            PhysicalMemory mem = image.open().memory();
            MappingSink sink = format.open(out, Main.stdout(spec), nested.guestInfo(), faults);
            WalkTally tally = new WalkTally(sink, limit == null ? Long.MAX_VALUE : limit,
                    new UnreadableRoots(nested.guestInfo(), guestRoots));
            Progress progress = Progress.of(Main.statusLine(spec), from, to);
            try {
                NestedCommands.walk(nested, mem, guestRoots, hostRoots, from, to, check, progress.wrap(tally));
            } finally {
                progress.done();
            }
            sink.finish(tally);
            out.flush();
            if (tally.stoppedAtLimit()) {
                err.println("ptdesc: stopped after --limit " + tally.limit() + " leaves; the range maps more");
            }
            return ExitStatus.SUCCESS.code();
        }
        TreeWalker walker = descriptor.walker(err);
        TreeInfo info = walker.info();
        // The access options are checked before any output, so a mistake prints nothing but the error.
        boolean checked = access.checked();
        int accessWord = checked ? access.access() : 0;
        long modeWord = checked ? access.modeWord(info) : 0;
        MemoryImage img = image.open();
        RootSet roots = image.roots(info, img, err);
        PhysicalMemory mem = img.memory();
        MappingSink sink = format.open(out, Main.stdout(spec), info, faults);
        UnreadableRoots unreadable = new UnreadableRoots(info, roots.registers());
        WalkTally tally = new WalkTally(sink, limit == null ? Long.MAX_VALUE : limit, unreadable);
        Progress progress = Progress.of(Main.statusLine(spec), from, to);
        WalkVisitor visitor = progress.wrap(tally);
        // With more than one thread, each formats the pieces it walks and this one writes them
        // in order. Unasked, every core, but only for a range large enough (TABLES_FOR_THREADS).
        boolean asked = threads != null;
        int n = asked ? threads : checked ? 1 : Runtime.getRuntime().availableProcessors();
        PieceWalk pieces = n > 1 ? new PieceWalk(walker, n) : null;
        try {
            // Only the ranges of roots that have a value (all of them, unless VMCOREINFO gave a partial set).
            for (long[] part : roots.walkable(from, to)) {
                if (checked) {
                    // Only what the access may reach: denied leaves go to the visitor's denied(), which skips them.
                    walker.walk(mem, roots.registers(), part[0], part[1], accessWord, modeWord, visitor);
                } else if (pieces == null
                        || !asked && !TableCount.atLeast(walker, mem, roots.registers(), part[0], part[1], TABLES_FOR_THREADS)) {
                    walker.walk(mem, roots.registers(), part[0], part[1], visitor);
                } else {
                    // In address order, so the output is the one-thread walk's to the byte.
                    pieces.walk(mem, roots.registers(), part[0], part[1],
                            new PieceListing(walker, mem, roots.registers(), tally, sink, visitor, progress));
                }
                if (tally.stoppedAtLimit()) {
                    break;
                }
            }
        } finally {
            progress.done();
        }
        sink.finish(tally);
        out.flush();
        if (format == MappingFormat.tsv && tally.faults() > 0 && !faults) {
            err.println("ptdesc: " + tally.faults() + (tally.faults() == 1 ? " fault" : " faults")
                    + " not listed (--faults lists them)");
        }
        if (tally.stoppedAtLimit()) {
            err.println("ptdesc: stopped after --limit " + tally.limit() + " leaves; the range maps more");
        }
        return unreadable.report(err) ? ExitStatus.BAD_INPUT.code() : ExitStatus.SUCCESS.code();
    }

    /** Output formats of {@code walk}. */
    enum MappingFormat {
        text, tsv;

        /** {@code raw}: standard output under {@code out}, if the command has it (then listings skip a copy). */
        MappingSink open(PrintWriter out, Output raw, TreeInfo info, boolean faults) {
            return this == text ? new TextMappings(out, raw, info, faults) : new TsvMappings(out, raw, info, faults);
        }
    }
}
