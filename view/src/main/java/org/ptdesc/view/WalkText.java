package org.ptdesc.view;

import java.util.List;
import java.util.function.ToIntFunction;
import org.ptdesc.runtime.TreeInfo;

/**
 * A walk's leaf runs, holes and tables as the compact text lines a page embeds, one line per
 * item, comma-separated hexadecimal fields, each address given as a difference from the item
 * before so that a line is a few bytes: a walk of hundreds of thousands of leaves stays a page of
 * a few MiB that a browser parses in a moment (JSON with two 16-digit addresses per item was
 * twice to four times as large). A difference is signed ({@code -} before the hex digits), taken
 * modulo 2^64, and an empty field is its most common value. The page's script reads the same
 * fields back ({@code view.js}, {@code readWalk}).
 * <ul>
 * <li>run: {@code gap,pages,class,pa}: {@code gap} the bytes from the end of the previous run
 * (empty for 0), {@code pages} the leaves (empty for 1), {@code class} an index into the page's
 * classes (level, page size, attribute set, entry bits, rule), {@code pa} the physical address
 * less the physical end of the previous run (empty for 0, so a run broken only by its attributes
 * costs no physical address).
 * <li>hole: {@code gap,entries,level}: {@code gap} from the end of the previous hole,
 * {@code entries} the number of the level's entries it spans (empty for 1), or {@code =} and
 * its length in bytes when it is not a whole number of entries (a hole cut by the walked range).
 * <li>table: {@code first,level,extent,address}: {@code first} less the previous table's,
 * {@code extent} its last address less its first (empty when it is one whole entry of the level
 * above), {@code address} less the previous table's address.
 * </ul>
 */
final class WalkText {
    private WalkText() {}

    /** The runs' lines; {@code classOf} gives a run's class index. */
    static String runs(List<LeafRun> runs, ToIntFunction<LeafRun> classOf) {
        StringBuilder sb = new StringBuilder(runs.size() * 12);
        long next = 0;
        long nextPa = 0;
        for (LeafRun r : runs) {
            unsignedField(sb, r.va() - next).append(',');
            if (r.pages() != 1) {
                sb.append(Long.toHexString(r.pages()));
            }
            sb.append(',').append(Integer.toHexString(classOf.applyAsInt(r))).append(',');
            signedField(sb, r.pa() - nextPa).append('\n');
            long length = r.pageSize() * r.pages();
            next = r.va() + length;
            nextPa = r.pa() + length;
        }
        return sb.toString();
    }

    /** The holes' lines. */
    static String holes(List<Hole> holes, TreeInfo info) {
        StringBuilder sb = new StringBuilder(holes.size() * 8);
        long next = 0;
        for (Hole h : holes) {
            signedField(sb, h.first() - next).append(',');
            long span = entrySpan(info, h.level());
            long length = h.last() - h.first() + 1; // 0 for the whole 64-bit space
            if (span != 0 && Long.remainderUnsigned(length, span) == 0
                    && Long.remainderUnsigned(h.first(), span) == 0) {
                long entries = Long.divideUnsigned(h.last() - h.first(), span) + 1;
                if (entries != 1) {
                    sb.append(Long.toHexString(entries));
                }
            } else {
                sb.append('=').append(Long.toHexString(h.last() - h.first()));
            }
            sb.append(',').append(h.level()).append('\n');
            next = h.last() + 1;
        }
        return sb.toString();
    }

    /** The tables' lines. */
    static String tables(List<Table> tables, TreeInfo info) {
        StringBuilder sb = new StringBuilder(tables.size() * 12);
        long first = 0;
        long address = 0;
        for (Table t : tables) {
            signedField(sb, t.first() - first).append(',').append(t.level()).append(',');
            long natural = t.level() >= 1 ? entrySpan(info, t.level() - 1) - 1 : 0;
            if (t.level() < 1 || t.last() - t.first() != natural) {
                sb.append(Long.toHexString(t.last() - t.first()));
            }
            sb.append(',');
            signedField(sb, t.address() - address).append('\n');
            first = t.first();
            address = t.address();
        }
        return sb.toString();
    }

    /** The bytes one entry of {@code level} maps, or 0 when the level is unknown or spans 2^64. */
    private static long entrySpan(TreeInfo info, int level) {
        if (level < 0 || level >= info.levels().size()) {
            return 0;
        }
        int shift = info.levels().get(level).shift();
        return shift >= 64 ? 0 : 1L << shift;
    }

    private static StringBuilder unsignedField(StringBuilder sb, long v) {
        if (v != 0) {
            sb.append(Long.toHexString(v));
        }
        return sb;
    }

    private static StringBuilder signedField(StringBuilder sb, long v) {
        if (v < 0) {
            // -Long.MIN_VALUE is itself; its hex is 8000000000000000 and means the same modulo 2^64
            sb.append('-').append(Long.toHexString(-v));
        } else if (v != 0) {
            sb.append(Long.toHexString(v));
        }
        return sb;
    }
}
