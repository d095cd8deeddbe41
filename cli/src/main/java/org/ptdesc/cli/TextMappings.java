package org.ptdesc.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.function.LongFunction;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;

/**
 * Mappings for people, like {@code pmap}: adjacent leaves of the same level and attributes
 * whose physical addresses follow on are coalesced into one line (a range), sizes are
 * human-readable, and a last line sums up ranges, bytes mapped (unsigned, without overflow) and
 * faults.
 *
 * <p>A {@linkplain #piece() piece} of a walk on several threads cannot know whether its first
 * range continues the range open before it, nor whether its last goes on in the next piece: it
 * keeps both as numbers (its head and its open range) and formats only the ranges between, which
 * {@link #absorb} then appends after merging the head into the range this sink has open.
 */
final class TextMappings implements MappingSink {
    private static final String HEADER = String.format("%-18s %-18s %-18s %10s %6s  %-8s %s%n",
            "first", "last", "pa", "size", "pages", "level", "attributes");

    private final TreeInfo info;
    private final boolean faults;
    private final ListingText text;
    private final Remembered sizeTexts = new Remembered(Sizes::human);
    private final Remembered attributeTexts;
    /** The open range, not written yet because the next leaf may continue it. */
    private final Range range = new Range();
    /** A piece's first range, when nothing was written before it in the piece. */
    private final Range head = new Range();
    /** Whether a piece has written or kept anything, so a range it opens now is not its head. */
    private boolean begun;
    /** Bytes of the ranges written, as an unsigned 128-bit number. */
    private long bytesLow;
    private long bytesHigh;
    private long lines;

    /** Writes to {@code out} ({@code raw} is standard output under it, or null). */
    TextMappings(PrintWriter out, Output raw, TreeInfo info, boolean faults) {
        this(new ListingText(out, raw), info, faults);
        out.print(HEADER);
    }

    /** Writes into {@code text}: the command's, or a piece's that the command's writes later. */
    private TextMappings(ListingText text, TreeInfo info, boolean faults) {
        this.text = text;
        this.info = info;
        this.faults = faults;
        this.attributeTexts = new Remembered(info::describeAttributes);
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        // Sizes are unsigned; a range stops before its size would pass 2^64 - 1.
        if (range.open && range.continuedBy(va, pa, level, attributes) && Long.compareUnsigned(range.size + size, range.size) > 0) {
            range.size += size;
            range.pages++;
            return true;
        }
        close();
        range.start(va, pa, size, level, attributes, 1);
        return text.lineDone();
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        if (faults) {
            close();
            begun = true;
            text.text(String.format("0x%016x 0x%016x fault at %s: %s%s (entry 0x%x)%n", first, last, levelName(level),
                    kind, message.isEmpty() ? "" : ": " + ControlCharacters.escape(message), entry));
            return text.lineDone();
        }
        return true;
    }

    /** Ends the open range: written, or, as a piece's first, kept as its head. */
    private void close() {
        if (!range.open) {
            return;
        }
        range.open = false;
        if (text.kept() && !begun) {
            head.copy(range);
            begun = true;
            return;
        }
        begun = true;
        write(range);
    }

    private void write(Range r) {
        ListingText t = text;
        t.ascii('0').ascii('x').hex16(r.va).ascii(' ');
        t.ascii('0').ascii('x').hex16(r.va + r.size - 1).ascii(' ');
        t.ascii('0').ascii('x').hex16(r.pa).ascii(' ');
        t.right(sizeTexts.text(r.size), 10).ascii(' ');
        t.rightDecimal(r.pages, 6).ascii(' ').ascii(' ');
        t.left(levelName(r.level), 8).ascii(' ');
        t.text(attributeTexts.text(r.attributes)).text(System.lineSeparator());
        addBytes(r.size);
        lines++;
    }

    private void addBytes(long unsignedSize) {
        long sum = bytesLow + unsignedSize;
        if (Long.compareUnsigned(sum, bytesLow) < 0) {
            bytesHigh++;
        }
        bytesLow = sum;
    }

    private String levelName(int l) {
        return l >= 0 && l < info.levels().size() ? info.levels().get(l).name() : "L" + l;
    }

    @Override
    public void finish(WalkTally tally) {
        close();
        BigInteger bytes = BigInteger.valueOf(bytesHigh).shiftLeft(64).add(Sizes.unsigned(bytesLow));
        StringBuilder summary = new StringBuilder().append(lines).append(lines == 1 ? " range, " : " ranges, ")
                .append(Sizes.human(bytes)).append(" mapped");
        if (tally.faults() > 0) {
            summary.append(", ").append(tally.faults()).append(tally.faults() == 1 ? " fault" : " faults");
            if (!faults) {
                summary.append(" (--faults lists them)");
            }
        }
        if (tally.stoppedAtLimit()) {
            summary.append(", stopped after --limit ").append(tally.limit()).append(" leaves");
        }
        text.text(summary.toString()).text(System.lineSeparator());
        text.flush();
    }

    @Override
    public MappingSink piece() {
        return new TextMappings(text.piece(), info, faults);
    }

    @Override
    public boolean absorb(MappingSink sink) {
        TextMappings piece = (TextMappings) sink;
        if (piece.text.overfull()) {
            return false;
        }
        // The piece's first range: its head, or, if it kept nothing else, its open range. If it
        // continues the range open here but the sum passes 2^64 - 1, one sink would have ended the
        // range at some leaf inside it: only feeding the leaves again tells which. (A range the
        // piece itself ended that way ends at the same leaf here: the sum here is only larger.)
        Range first = piece.begun ? (piece.head.open ? piece.head : null) : (piece.range.open ? piece.range : null);
        if (first != null && range.open && range.continuedBy(first.va, first.pa, first.level, first.attributes)
                && Long.compareUnsigned(range.size + first.size, range.size) <= 0) {
            return false;
        }
        if (first != null) {
            if (range.open && range.continuedBy(first.va, first.pa, first.level, first.attributes)) {
                range.size += first.size;
                range.pages += first.pages;
            } else {
                close();
                range.copy(first);
            }
        }
        if (!piece.begun) {
            return true;
        }
        // The piece went on past its first range (or began with a fault line): what is open here ends.
        close();
        text.write(piece.text);
        long sum = bytesLow + piece.bytesLow;
        bytesHigh += piece.bytesHigh + (Long.compareUnsigned(sum, bytesLow) < 0 ? 1 : 0);
        bytesLow = sum;
        lines += piece.lines;
        if (piece.range.open) {
            range.copy(piece.range);
        }
        return true;
    }

    /**
     * The text of a number made once for its recent uses: a listing's lines repeat a few sizes
     * and attribute words, and making their text anew (or keeping it under a boxed key) cost
     * more than the rest of the line. A word's text replaces the text of another that falls in
     * the same slot.
     */
    private static final class Remembered {
        private static final int SLOTS = 256;
        private final LongFunction<String> make;
        private final long[] numbers = new long[SLOTS];
        private final String[] texts = new String[SLOTS];

        Remembered(LongFunction<String> make) {
            this.make = make;
        }

        String text(long number) {
            int slot = (int) (number * 0x9e3779b97f4a7c15L >>> 56);
            String t = texts[slot];
            if (t == null || numbers[slot] != number) {
                t = make.apply(number);
                texts[slot] = t;
                numbers[slot] = number;
            }
            return t;
        }
    }

    /** A range of coalesced leaves. */
    private static final class Range {
        boolean open;
        long va;
        long pa;
        long size;
        int level;
        long attributes;
        long pages;

        void start(long va, long pa, long size, int level, long attributes, long pages) {
            open = true;
            this.va = va;
            this.pa = pa;
            this.size = size;
            this.level = level;
            this.attributes = attributes;
            this.pages = pages;
        }

        void copy(Range r) {
            start(r.va, r.pa, r.size, r.level, r.attributes, r.pages);
        }

        /** Whether a leaf or range starting here continues this range (its size aside). */
        boolean continuedBy(long va, long pa, int level, long attributes) {
            return level == this.level && attributes == this.attributes && va == this.va + size && pa == this.pa + size;
        }
    }
}
