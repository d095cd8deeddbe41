package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
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
    AccessOptions access;

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
        TreeWalker walker = descriptor.walker(err);
        long[] roots = image.roots(walker.info());
        // The access options are checked before any output, so a mistake prints nothing but the error.
        boolean checked = access.checked();
        int accessWord = checked ? access.access() : 0;
        long modeWord = checked ? access.modeWord(walker.info()) : 0;
        PhysicalMemory mem = image.memory();
        MappingSink sink = format.open(out, walker.info(), faults);
        Progress progress = Progress.onTerminal(err, from, to);
        if (checked) {
            // Only what the access may reach: denied leaves go to the visitor's denied(), which skips them.
            walker.walk(mem, roots, from, to, accessWord, modeWord, progress.wrap(sink));
        } else {
            walker.walk(mem, roots, from, to, progress.wrap(sink));
        }
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
