package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.EntryRegion;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.RegionSearch;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;

/**
 * Every shipped tree on memory built so that translations get deep: paths from random roots
 * down random addresses, each entry either inside a region of one of its level's mapping rules
 * (the fast accepts) or a random word, table pointers kept inside the image. The generated
 * translate (as shipped, and with every level that can have one given a fast accept) must agree
 * with the interpreter, and where the shipped translate moves levels out of line, translations
 * must end both through a fast accept and through the out-of-line twin.
 */
class SampleFastAcceptTest {

    static final int MEMORY = 4 << 20;
    static final int PATHS = 400;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ptdesc.compiler.codegen.SampleDescriptorsCodegenTest#trees")
    void deepTranslationsAgreeWithTheInterpreter(String name, WalkerIr ir) {
        Random random = new Random(name.hashCode() * 31L + 5);
        Builder b = new Builder(ir, random);
        List<Long> addresses = new ArrayList<>();
        for (int i = 0; i < PATHS; i++) {
            long va = SampleDescriptorsCodegenTest.inRange(ir, random);
            b.path(va);
            addresses.add(va);
        }
        String owner = "t/Deep" + Math.abs(name.hashCode());
        TreeWalker shipped = new WalkerLoader(TreeWalker.class.getClassLoader()).load(ir, owner.replace('/', '.'));
        TreeWalker everyLevel = new WalkerLoader(TreeWalker.class.getClassLoader())
                .define(owner.replace('/', '.'), WalkerGenerator.generate(ir, owner.replace('/', '.'), 0));
        TreeWalker interpreter = new Interpreter(ir);
        TranslatePlan plan = TranslatePlanner.plan(ir, owner, TranslatePlanner.FREQ_INLINE_SIZE);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (long va : addresses) {
            Translation expected = interpreter.translateDetailed(b.mem, b.roots, va);
            String where = name + " va 0x" + Long.toHexString(va);
            assertEquals(expected, shipped.translateDetailed(b.mem, b.roots, va), where);
            assertEquals(expected.pa(), shipped.translate(b.mem, b.roots, va), where);
            assertEquals(expected.pa(), everyLevel.translate(b.mem, b.roots, va), where);
            if (b.roots.length == 1) {
                assertEquals(expected.pa(), shipped.translate(b.mem, b.roots[0], va), where);
                assertEquals(expected.pa(), everyLevel.translate(b.mem, b.roots[0], va), where);
            } else {
                assertEquals(expected.pa(), shipped.translate(b.mem, b.roots[0], b.roots[1], va), where);
            }
            outcomes.merge(expected.failure() + "@" + expected.level(), 1, Integer::sum);
            outcomes.merge(b.route(plan, va, expected), 1, Integer::sum);
        }
        System.out.println(name + " deep outcomes " + outcomes);
        int mapped = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("NONE@")).mapToInt(Map.Entry::getValue).sum();
        assertTrue(mapped >= PATHS / 10, name + ": only " + mapped + " of " + PATHS + " paths mapped");
        if (plan.firstOutOfLine() < ir.levels().size()) {
            assertTrue(outcomes.getOrDefault("(fast accept, mapped)", 0) >= PATHS / 20, name + " " + outcomes);
            assertTrue(outcomes.getOrDefault("(in full, mapped)", 0) + outcomes.getOrDefault("(in full, failed)", 0)
                    >= PATHS / 20, name + " " + outcomes);
        }
    }

    /** Writes paths into zeroed memory, one entry at a time, following the entries already there. */
    static final class Builder {
        final WalkerIr ir;
        final Random random;
        final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(MEMORY));
        final long[] roots;
        /** Per level, the regions of its table rules and of its leaf rules. */
        final List<List<EntryRegion>> tables = new ArrayList<>();
        final List<List<EntryRegion>> leaves = new ArrayList<>();

        Builder(WalkerIr ir, Random random) {
            this.ir = ir;
            this.random = random;
            for (Level level : ir.levels()) {
                List<EntryRegion> t = new ArrayList<>();
                List<EntryRegion> l = new ArrayList<>();
                for (int r = 0; r < level.rules().size(); r++) {
                    Rule rule = level.rules().get(r);
                    if (rule instanceof Rule.Table || rule instanceof Rule.Leaf) {
                        RegionSearch.find(level, r, ir.entryBytes() * 8).ifPresent(rule instanceof Rule.Table ? t::add : l::add);
                    }
                }
                tables.add(t);
                leaves.add(l);
            }
            roots = new long[ir.roots().size()];
            for (int k = 0; k < roots.length; k++) {
                roots[k] = root(k);
            }
        }

        /** A register value whose root table lies inside the image. */
        long root(int k) {
            for (int tries = 0; tries < 100_000; tries++) {
                long register = random.nextLong() >>> (64 - 8 - random.nextInt(30));
                if (inside(Eval.eval(ir.roots().get(k).table(), 0, 0, register), 0)) {
                    return register;
                }
            }
            throw new AssertionError(ir.name() + ": no register puts root " + k + " inside the image");
        }

        boolean inside(long table, int level) {
            long bytes = (long) ir.levels().get(level).entries() * ir.entryBytes();
            return table >= 0 && table % ir.entryBytes() == 0 && table <= MEMORY - bytes;
        }

        /**
         * How the shipped translate went: through a fast accept at every level it gives one
         * ("fast accept"), or out of line from the first entry outside them ("in full"), or
         * inline all the way.
         */
        String route(TranslatePlan plan, long va, Translation result) {
            long untagged = ir.untagged(va);
            int root = ir.rootFor(untagged);
            boolean fast = false;
            if (root >= 0 && result.failure() != Failure.OUT_OF_RANGE) {
                long table = Eval.eval(ir.roots().get(root).table(), 0, untagged, roots[root]);
                for (int i = 0; i < ir.levels().size() && i <= result.level(); i++) {
                    Level level = ir.levels().get(i);
                    long pa = table + (long) level.index(untagged) * ir.entryBytes();
                    if (pa < 0 || pa > MEMORY - ir.entryBytes()) {
                        break;
                    }
                    long entry = read(pa);
                    if (plan.outOfLine(i)) {
                        if (plan.fast().get(i).stream().noneMatch(f -> f.region().contains(entry))) {
                            return result.mapped() ? "(in full, mapped)" : "(in full, failed)";
                        }
                        fast = true;
                    }
                    if (!(selected(level, entry, untagged) instanceof Rule.Table t)) {
                        break;
                    }
                    table = Eval.eval(t.address(), entry, untagged, 0);
                }
            }
            if (!fast) {
                return "(inline)";
            }
            return result.mapped() ? "(fast accept, mapped)" : "(fast accept, failed)";
        }

        void path(long va) {
            long untagged = ir.untagged(va);
            int root = ir.rootFor(untagged);
            if (root < 0) {
                return;
            }
            long table = Eval.eval(ir.roots().get(root).table(), 0, untagged, roots[root]);
            for (int i = 0; i < ir.levels().size(); i++) {
                Level level = ir.levels().get(i);
                long pa = table + (long) level.index(untagged) * ir.entryBytes();
                long entry = read(pa);
                if (entry == 0) {
                    entry = fresh(i, untagged);
                    write(pa, entry);
                }
                Rule rule = selected(level, entry, untagged);
                if (!(rule instanceof Rule.Table t)) {
                    return;
                }
                table = Eval.eval(t.address(), entry, untagged, 0);
                if (!inside(table, i + 1)) {
                    return;
                }
            }
        }

        /** An entry for level {@code i}: in a region of a mapping rule, or random; a table's pointer inside the image. */
        long fresh(int i, long va) {
            Level level = ir.levels().get(i);
            long entryMask = ir.entryBytes() == 8 ? -1L : 0xffff_ffffL;
            long candidate = 0;
            for (int tries = 0; tries < 500; tries++) {
                long raw = random.nextLong() >>> (64 - 4 - random.nextInt(26));
                raw ^= random.nextInt(8) == 0 ? random.nextLong() & entryMask & ~((1L << 32) - 1) : 0;
                // Mostly on to the next level, sometimes a superpage, sometimes anything.
                List<EntryRegion> rs = !tables.get(i).isEmpty() && random.nextInt(8) != 0 ? tables.get(i) : leaves.get(i);
                if (!rs.isEmpty() && random.nextInt(10) != 0) {
                    EntryRegion r = rs.get(random.nextInt(rs.size()));
                    if (r.hasInterval()) {
                        raw = r.low() + (raw & 0xffffffL);
                    }
                    candidate = (raw & ~r.mask() & entryMask) | r.value();
                    if (!r.contains(candidate)) {
                        continue;
                    }
                } else {
                    candidate = raw & entryMask;
                }
                if (candidate == 0) {
                    continue;
                }
                Rule rule = selected(level, candidate, va);
                if (!(rule instanceof Rule.Table t) || inside(Eval.eval(t.address(), candidate, va, 0), i + 1)) {
                    return candidate;
                }
            }
            return candidate;
        }

        static Rule selected(Level level, long entry, long va) {
            for (Rule r : level.rules()) {
                if (Eval.eval(r.condition(), entry, va, 0) != 0) {
                    return r;
                }
            }
            return null;
        }

        long read(long pa) {
            if (ir.entryBytes() == 8) {
                return ir.bigEndian() ? mem.readLongBigEndian(pa) : mem.readLong(pa);
            }
            return ir.bigEndian() ? mem.readIntBigEndian(pa) : mem.readInt(pa);
        }

        void write(long pa, long entry) {
            if (ir.entryBytes() == 8) {
                mem.writeLong(pa, entry, ir.bigEndian());
            } else {
                mem.writeInt(pa, (int) entry, ir.bigEndian());
            }
        }
    }
}
