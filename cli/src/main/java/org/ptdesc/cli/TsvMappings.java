package org.ptdesc.cli;

import java.io.PrintWriter;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;

/**
 * One line per leaf, tab-separated, for tools: {@code va pa size level attributes}, numbers in
 * hex with {@code 0x} except the level (decimal, 0 for the root table); the attributes are the
 * packed word that {@link TreeInfo#attributes()} describes. Faults, when asked for, are lines
 * starting with {@code #fault}; their message is escaped so that it stays one field.
 */
final class TsvMappings implements MappingSink {
    private final PrintWriter out;
    private final boolean faults;
    private final StringBuilder line = new StringBuilder(96);

    TsvMappings(PrintWriter out, TreeInfo info, boolean faults) {
        this.out = out;
        this.faults = faults;
        out.println("va\tpa\tsize\tlevel\tattributes");
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        line.setLength(0);
        line.append("0x").append(Long.toHexString(va)).append('\t')
                .append("0x").append(Long.toHexString(pa)).append('\t')
                .append("0x").append(Long.toHexString(size)).append('\t')
                .append(level).append('\t')
                .append("0x").append(Long.toHexString(attributes)).append('\n');
        out.append(line);
        return true;
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        if (faults) {
            out.println("#fault\t0x" + Long.toHexString(first) + "\t0x" + Long.toHexString(last) + "\t" + level
                    + "\t0x" + Long.toHexString(entry) + "\t" + kind
                    + (message.isEmpty() ? "" : "\t" + ControlCharacters.escape(message)));
        }
        return true;
    }

    @Override
    public void finish(WalkTally tally) {
        // TSV has no summary line; WalkCommand says on standard error what the rows leave out.
    }
}
