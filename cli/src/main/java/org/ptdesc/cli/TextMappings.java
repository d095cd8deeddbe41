package org.ptdesc.cli;

import java.io.PrintWriter;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;

/**
 * Mappings for people, like {@code pmap}: adjacent leaves of the same level and attributes
 * whose physical addresses follow on are coalesced into one line, sizes are human-readable.
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
    private long totalBytes;
    private long totalLines;

    TextMappings(PrintWriter out, TreeInfo info, boolean faults) {
        this.out = out;
        this.info = info;
        this.faults = faults;
        out.printf("%-18s %-18s %-18s %10s %6s  %-8s %s%n", "first", "last", "pa", "size", "pages", "level", "attributes");
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        if (open && level == this.level && attributes == this.attributes
                && va == this.va + this.size && pa == this.pa + this.size && this.size + size > this.size) {
            this.size += size;
            pages++;
            return !out.checkError();
        }
        flush();
        open = true;
        this.va = va;
        this.pa = pa;
        this.size = size;
        this.level = level;
        this.attributes = attributes;
        this.pages = 1;
        return !out.checkError();
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        if (faults) {
            flush();
            out.printf("0x%016x 0x%016x fault at %s: %s%s (entry 0x%x)%n", first, last, levelName(level), kind,
                    message.isEmpty() ? "" : ": " + message, entry);
        }
        return !out.checkError();
    }

    private void flush() {
        if (!open) {
            return;
        }
        open = false;
        out.printf("0x%016x 0x%016x 0x%016x %10s %6d  %-8s %s%n", va, va + size - 1, pa, Sizes.human(size), pages,
                levelName(level), info.describeAttributes(attributes));
        totalBytes += size;
        totalLines++;
    }

    private String levelName(int l) {
        return l >= 0 && l < info.levels().size() ? info.levels().get(l).name() : "L" + l;
    }

    @Override
    public void finish() {
        flush();
        out.printf("%d ranges, %s mapped%n", totalLines, Sizes.human(totalBytes));
        out.flush();
    }
}
