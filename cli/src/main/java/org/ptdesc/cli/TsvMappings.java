package org.ptdesc.cli;

import java.io.PrintWriter;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;

/**
 * One line per leaf, tab-separated, for tools: {@code va pa size level attributes}, numbers in
 * hex with {@code 0x} except the level (decimal, 0 for the root table); the attributes are the
 * packed word that {@link TreeInfo#attributes()} describes. Faults, when asked for, are lines
 * starting with {@code #fault}; their message is escaped so that it stays one field. Each line
 * depends on its event alone, so a piece's text is simply appended.
 */
final class TsvMappings implements MappingSink {

    private final TreeInfo info;
    private final boolean faults;
    private final ListingText text;

    /** Writes to {@code out} ({@code raw} is standard output under it, or null). */
    TsvMappings(PrintWriter out, Output raw, TreeInfo info, boolean faults) {
        this(new ListingText(out, raw), info, faults);
        out.println("va\tpa\tsize\tlevel\tattributes");
    }

    /** Writes into {@code text}: the command's, or a piece's that the command's writes later. */
    private TsvMappings(ListingText text, TreeInfo info, boolean faults) {
        this.text = text;
        this.info = info;
        this.faults = faults;
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        ListingText t = text;
        t.ascii('0').ascii('x').hex(va).ascii('\t');
        t.ascii('0').ascii('x').hex(pa).ascii('\t');
        t.ascii('0').ascii('x').hex(size).ascii('\t');
        t.decimal(level).ascii('\t');
        t.ascii('0').ascii('x').hex(attributes).ascii('\n');
        return text.lineDone();
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        if (faults) {
            text.text("#fault\t0x").hex(first).text("\t0x").hex(last).ascii('\t').decimal(level).text("\t0x").hex(entry)
                    .ascii('\t').text(kind.toString());
            if (!message.isEmpty()) {
                text.ascii('\t').text(ControlCharacters.escape(message));
            }
            text.text(System.lineSeparator());
            return text.lineDone();
        }
        return true;
    }

    @Override
    public void finish(WalkTally tally) {
        // TSV has no summary line; WalkCommand says on standard error what the rows leave out.
        text.flush();
    }

    @Override
    public MappingSink piece() {
        return new TsvMappings(text.piece(), info, faults);
    }

    @Override
    public boolean absorb(MappingSink sink) {
        TsvMappings piece = (TsvMappings) sink;
        if (piece.text.overfull()) {
            return false;
        }
        text.write(piece.text);
        return true;
    }
}
