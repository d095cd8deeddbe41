package org.ptdesc.compiler.codegen;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A random memory image in which a walk of any tree gets down to every level: the image is cut
 * into one region per level, the root registers are chosen so that each root expression gives a
 * table in the first region, and each region is filled with words for its level: about half are
 * table entries pointing to a table in the next region, a quarter are leaf entries, and the rest
 * raw random words (holes, faults, pointers anywhere). Entries of a kind are found by trying
 * random words on the level's rules, and a table entry's address bits are found by flipping one
 * bit at a time, so nothing here knows any architecture. The words are only a distribution:
 * whatever they mean is decided by the engines under test, never by this class.
 */
final class ReachableImage {

    static final int SIZE = 1 << 22;

    final PhysicalMemory memory;
    final long[] roots;

    private ReachableImage(PhysicalMemory memory, long[] roots) {
        this.memory = memory;
        this.roots = roots;
    }

    /** An image for {@code ir}, or empty when some root cannot be pointed into the image. */
    static Optional<ReachableImage> build(WalkerIr ir, Random random) {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(SIZE));
        int levels = ir.levels().size();
        long region = (SIZE / levels) & ~0xffffL;
        long[] roots = new long[ir.roots().size()];
        for (int r = 0; r < roots.length; r++) {
            Expr table = ir.roots().get(r).table();
            long target = tableIn(ir, 0, region, random);
            Optional<Long> register = invert(w -> Eval.eval(table, 0, 0, w), 0, w -> true, target);
            if (register.isEmpty()) {
                return Optional.empty();
            }
            roots[r] = register.get();
        }
        for (int l = 0; l < levels; l++) {
            Level level = ir.levels().get(l);
            List<Long> leaves = samples(ir, level, Rule.Leaf.class, random);
            List<Long> tables = new ArrayList<>();
            if (l + 1 < levels) {
                // A pool of entries pointing to up to 128 tables of the next region.
                List<Long> templates = samples(ir, level, Rule.Table.class, random);
                for (int i = 0; i < 128 && !templates.isEmpty(); i++) {
                    pointed(ir, level, templates.get(random.nextInt(templates.size())), tableIn(ir, l + 1, region, random))
                            .ifPresent(tables::add);
                }
            }
            for (long pa = l * region; pa < (l + 1) * region; pa += ir.entryBytes()) {
                int choice = random.nextInt(4);
                long word;
                if (choice < 2 && !tables.isEmpty()) {
                    word = tables.get(random.nextInt(tables.size()));
                } else if (choice == 2 && !leaves.isEmpty()) {
                    word = leaves.get(random.nextInt(leaves.size()));
                } else {
                    word = raw(ir, random);
                }
                if (ir.entryBytes() == 8) {
                    mem.writeLong(pa, word, ir.bigEndian());
                } else {
                    mem.writeInt(pa, (int) word, ir.bigEndian());
                }
            }
        }
        return Optional.of(new ReachableImage(mem, roots));
    }

    /** A random aligned place for a table of level {@code l} in that level's region. */
    private static long tableIn(WalkerIr ir, int l, long region, Random random) {
        long bytes = (long) ir.levels().get(l).entries() * ir.entryBytes();
        long align = Math.max(bytes, 0x1000);
        long slots = Math.max(1, (region - bytes) / align);
        return l * region + (random.nextLong(slots) * align);
    }

    /** What the old test wrote: a word whose low 22 bits and top bit are random, or zero. */
    private static long raw(WalkerIr ir, Random random) {
        long mask = ir.entryBytes() == 8 ? 0x8000_0000_003f_ffffL : 0x003f_ffffL;
        return random.nextInt(3) == 0 ? 0 : random.nextLong() & mask;
    }

    /** Up to 64 words whose first matching rule at {@code level} is of {@code kind}. */
    private static List<Long> samples(WalkerIr ir, Level level, Class<? extends Rule> kind, Random random) {
        List<Long> found = new ArrayList<>();
        if (level.rules().stream().noneMatch(kind::isInstance)) {
            return found;
        }
        long width = ir.entryBytes() == 8 ? -1L : 0xffff_ffffL;
        long[] masks = {-1L, 0xfffL, 0x3ffL, 0x7fL, 0x8000_0000_003f_ffffL, 0xffff_ffffL, 0x8000_0000_0000_0fffL};
        for (int i = 0; i < 50_000 && found.size() < 64; i++) {
            long word = random.nextLong() & masks[random.nextInt(masks.length)] & width;
            if (kind.isInstance(firstMatch(level, word))) {
                found.add(word);
            }
        }
        return found;
    }

    private static Rule firstMatch(Level level, long word) {
        for (Rule rule : level.rules()) {
            if (Eval.eval(rule.condition(), word, 0, 0) != 0) {
                return rule;
            }
        }
        return null;
    }

    /** {@code word} (a table entry) changed to point to {@code target}, keeping its rule. */
    private static Optional<Long> pointed(WalkerIr ir, Level level, long word, long target) {
        Rule rule = firstMatch(level, word);
        Expr address = ((Rule.Table) rule).address();
        long width = ir.entryBytes() == 8 ? -1L : 0xffff_ffffL;
        return invert(w -> Eval.eval(address, w, 0, 0), word, w -> (w & ~width) == 0 && firstMatch(level, w) == rule,
                target);
    }

    /**
     * A value near {@code start} for which {@code f} gives {@code target}: each bit of the input
     * that moves exactly one bit of the output (keeping {@code keep} true) is set to that output
     * bit's value in the target. Checked: empty unless {@code f} then really gives the target.
     */
    private static Optional<Long> invert(java.util.function.LongUnaryOperator f, long start,
            java.util.function.LongPredicate keep, long target) {
        long base = f.applyAsLong(start);
        long value = start;
        for (int bit = 0; bit < 64; bit++) {
            long flipped = start ^ (1L << bit);
            if (!keep.test(flipped)) {
                continue;
            }
            long moved = f.applyAsLong(flipped) ^ base;
            if (Long.bitCount(moved) == 1) {
                boolean want = (target & moved) != 0;
                boolean have = (base & moved) != 0;
                if (want != have) {
                    value ^= 1L << bit;
                }
            }
        }
        return f.applyAsLong(value) == target && keep.test(value) ? Optional.of(value) : Optional.empty();
    }
}
