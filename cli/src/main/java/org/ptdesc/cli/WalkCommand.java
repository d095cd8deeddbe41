package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Option(names = "--from", paramLabel = "HEX", converter = HexConverter.class, description = "First address (default 0).")
    long from = 0;

    @Option(names = "--to", paramLabel = "HEX", converter = HexConverter.class,
            description = "Last address, inclusive (default 0xffffffffffffffff).")
    long to = -1L;

    @Option(names = "--format", paramLabel = "text|tsv", description = "Output format: ${COMPLETION-CANDIDATES}; default text.")
    MappingFormat format = MappingFormat.text;

    @Option(names = "--faults", description = "Also list faults (entries matching a fault rule or no rule, unreadable tables).")
    boolean faults;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        stage2.requireComplete();
        if (stage2.active()) {
            NestedWalker nested = stage2.walker(descriptor, err);
            long[] guestRoots = image.roots(nested.guestInfo());
            long[] hostRoots = stage2.roots(nested.hostInfo());
            PhysicalMemory mem = image.memory();
            MappingSink sink = format.open(out, nested.guestInfo(), faults);
            Progress progress = Progress.onTerminal(err, from, to);
            NestedCommands.walk(nested, mem, guestRoots, hostRoots, from, to, progress.wrap(sink));
            progress.done();
            sink.finish();
            out.flush();
            return 0;
        }
        TreeWalker walker = descriptor.walker(err);
        long[] roots = image.roots(walker.info());
        PhysicalMemory mem = image.memory();
        MappingSink sink = format.open(out, walker.info(), faults);
        Progress progress = Progress.onTerminal(err, from, to);
        walker.walk(mem, roots, from, to, progress.wrap(sink));
        progress.done();
        sink.finish();
        out.flush();
        return 0;
    }

    /** Output formats of {@code walk}. */
    enum MappingFormat {
        text, tsv;

        MappingSink open(PrintWriter out, org.ptdesc.runtime.TreeInfo info, boolean faults) {
            return this == text ? new TextMappings(out, info, faults) : new TsvMappings(out, info, faults);
        }
    }
}
