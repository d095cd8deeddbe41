package org.ptdesc.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;

/**
 * Mappings for people, like {@code pmap}: adjacent leaves of the same level and attributes
 * whose physical addresses follow on are coalesced into one line, sizes are human-readable,
 * and a last line sums up ranges, bytes mapped (unsigned, without overflow) and faults.
 */
final class TextMappings implements MappingSink {
    private final PrintWriter out;
    private final TreeInfo info;
    private final boolean faults;
    private boolean open;
    private long va;
    private long pa;
    private long size;
    private int level;
    private long attributes;
    private long pages;
    private BigInteger totalBytes = BigInteger.ZERO;
    private long totalLines;

    TextMappings(PrintWriter out, TreeInfo info, boolean faults) {
        this.out = out;
        this.info = info;
        this.faults = faults;
        out.printf("%-18s %-18s %-18s %10s %6s  %-8s %s%n", "first", "last", "pa", "size", "pages", "level", "attributes");
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        // Sizes are unsigned; a run stops before its size would pass 2^64 - 1.
        if (open && level == this.level && attributes == this.attributes
                && va == this.va + this.size && pa == this.pa + this.size
                && Long.compareUnsigned(this.size + size, this.size) > 0) {
            this.size += size;
            pages++;
            return true;
        }
        flush();
        open = true;
        this.va = va;
        this.pa = pa;
        this.size = size;
        this.level = level;
        this.attributes = attributes;
        this.pages = 1;
        return true;
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        if (faults) {
            flush();
            out.printf("0x%016x 0x%016x fault at %s: %s%s (entry 0x%x)%n", first, last, levelName(level), kind,
                    message.isEmpty() ? "" : ": " + ControlCharacters.escape(message), entry);
        }
        return true;
    }

    private void flush() {
        if (!open) {
            return;
        }
        open = false;
        out.printf("0x%016x 0x%016x 0x%016x %10s %6d  %-8s %s%n", va, va + size - 1, pa, Sizes.human(size), pages,
                levelName(level), info.describeAttributes(attributes));
        totalBytes = totalBytes.add(Sizes.unsigned(size));
        totalLines++;
    }

    private String levelName(int l) {
        return l >= 0 && l < info.levels().size() ? info.levels().get(l).name() : "L" + l;
    }

    @Override
    public void finish(WalkTally tally) {
        flush();
        StringBuilder summary = new StringBuilder().append(totalLines).append(totalLines == 1 ? " range, " : " ranges, ")
                .append(Sizes.human(totalBytes)).append(" mapped");
        if (tally.faults() > 0) {
            summary.append(", ").append(tally.faults()).append(tally.faults() == 1 ? " fault" : " faults");
            if (!faults) {
                summary.append(" (--faults lists them)");
            }
        }
        if (tally.stoppedAtLimit()) {
            summary.append(", stopped after --limit ").append(tally.limit()).append(" leaves");
        }
        out.println(summary);
    }
}
