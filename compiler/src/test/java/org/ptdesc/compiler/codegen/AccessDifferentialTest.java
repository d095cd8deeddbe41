package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptdesc.compiler.codegen.IrFixtures.bin;
import static org.ptdesc.compiler.codegen.IrFixtures.bit;
import static org.ptdesc.compiler.codegen.IrFixtures.c;
import static org.ptdesc.compiler.codegen.IrFixtures.not;
import static org.ptdesc.compiler.codegen.IrFixtures.slice;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;

/**
 * Differential test of access checks: random trees ({@link RandomIrs}) given random modes and
 * random permission rules over the access, the attribute word, the mode word and the leaf entry
 * (with the guarded computed shifts that the lowering produces), in random memory; for random
 * addresses, random mode words and every access (and some invalid access words), the generated
 * access-checked {@code translate} (every root shape), {@code denyingRule},
 * {@code translateDetailed} and filtered walks must equal the reference interpreter's.
 */
class AccessDifferentialTest {

    static final int TREES = Integer.getInteger("ptdesc.differential.trees", 500) / 2;
    static final long SEED = Long.getLong("ptdesc.differential.seed", 0xacce55L);
    static final int[] ACCESSES = {Access.READ, Access.WRITE, Access.EXECUTE, Access.READ | Access.USER,
            Access.WRITE | Access.USER, Access.EXECUTE | Access.USER};

    @Test
    void generatedAccessChecksAgreeWithTheInterpreter() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        Map<String, Long> outcomes = new TreeMap<>();
        long compared = 0;
        for (int i = 0; i < TREES; i++) {
            compared += compare(SEED + i, loader, outcomes);
        }
        System.out.println("access differential: " + TREES + " random trees, " + compared + " comparisons; outcomes "
                + outcomes);
        // Every answer must be reached often, or the comparison proves little.
        for (String kind : List.of("mapped", "denied", "unmapped", "walk leaf", "walk denied")) {
            assertTrue(outcomes.getOrDefault(kind, 0L) > TREES, kind + " seen only " + outcomes.get(kind) + " times");
        }
    }

    /**
     * The same comparison on trees whose attributes the rules read are single entry bits combined
     * by {@code and} or {@code or} at fixed positions, as x86's are, so that the access-checked
     * translate accumulates raw entries ({@link RawAttributes}); a few attributes are {@code set}
     * or take another bit at some level, so that the packed form runs beside it.
     */
    @Test
    void rawAccumulatedAccessChecksAgreeWithTheInterpreter() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        Map<String, Long> outcomes = new TreeMap<>();
        long compared = 0;
        for (int i = 0; i < TREES; i++) {
            compared += compare(SEED + 0x5a5a0000L + i, loader, outcomes, true);
        }
        System.out.println("raw-attribute access differential: " + TREES + " random trees, " + compared
                + " comparisons; outcomes " + outcomes);
        for (String kind : List.of("mapped", "denied", "unmapped", "walk leaf", "walk denied")) {
            assertTrue(outcomes.getOrDefault(kind, 0L) > TREES, kind + " seen only " + outcomes.get(kind) + " times");
        }
        // Most trees must take the raw form, and some the packed one, or the comparison proves little.
        assertTrue(outcomes.getOrDefault("raw trees", 0L) > TREES / 3, "raw trees " + outcomes.get("raw trees"));
        assertTrue(outcomes.getOrDefault("packed trees", 0L) > TREES / 20, "packed trees " + outcomes.get("packed trees"));
    }

    /**
     * The same comparison on trees built for the fast walk of {@link RequiredBits}: raw attributes
     * that every table and leaf rule takes, most levels starting with a present test on one
     * common entry bit (some on another bit, some without), and rules that are mostly
     * {@code C && !and-attribute} or {@code C && or-attribute} with {@code C} over the access and
     * the modes, so that some rules fold into the level test and others remain; a few trees fold
     * nothing (an attribute taken from another bit, or no such rule).
     */
    @Test
    void foldedAccessChecksAgreeWithTheInterpreter() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        Map<String, Long> outcomes = new TreeMap<>();
        long compared = 0;
        for (int i = 0; i < TREES; i++) {
            compared += compare(SEED + 0xf01d0000L + i, loader, outcomes, true, true);
        }
        System.out.println("folded access differential: " + TREES + " random trees, " + compared
                + " comparisons; outcomes " + outcomes);
        for (String kind : List.of("mapped", "denied", "unmapped", "walk leaf", "walk denied")) {
            assertTrue(outcomes.getOrDefault(kind, 0L) > TREES, kind + " seen only " + outcomes.get(kind) + " times");
        }
        assertTrue(outcomes.getOrDefault("folded trees", 0L) > TREES / 3, "folded trees " + outcomes.get("folded trees"));
        assertTrue(outcomes.getOrDefault("unfolded trees", 0L) > TREES / 50, "unfolded trees " + outcomes.get("unfolded trees"));
        assertTrue(outcomes.getOrDefault("folded trees with remaining rules", 0L) > TREES / 10,
                "folded trees with remaining rules " + outcomes.get("folded trees with remaining rules"));
        assertTrue(outcomes.getOrDefault("levels keeping their present test", 0L) > TREES / 10,
                "levels keeping their present test " + outcomes.get("levels keeping their present test"));
    }

    private static long compare(long seed, WalkerLoader loader, Map<String, Long> outcomes) {
        return compare(seed, loader, outcomes, false, false);
    }

    private static long compare(long seed, WalkerLoader loader, Map<String, Long> outcomes, boolean raw) {
        return compare(seed, loader, outcomes, raw, false);
    }

    private static long compare(long seed, WalkerLoader loader, Map<String, Long> outcomes, boolean raw, boolean foldable) {
        Random random = new Random(seed);
        WalkerIr base = raw ? rawFriendly(RandomIrs.random(random), random, foldable) : RandomIrs.random(random);
        if (foldable) {
            base = withPresentTests(base, random);
        }
        List<Permission.Mode> modes = modes(random);
        List<Permission> rules = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            Expr condition = foldable && random.nextInt(3) > 0 ? foldableCondition(random, base, modes)
                    : condition(random, base, modes, 0, !raw);
            rules.add(new Permission(condition, "rule " + i, i + 1));
        }
        WalkerIr ir = base.withPermissions(modes, rules);
        if (raw) {
            outcomes.merge(new AccessGate(ir, null).raw() != null ? "raw trees" : "packed trees", 1L, Long::sum);
        }
        if (foldable) {
            var fold = RequiredBits.plan(ir, new AccessGate(ir, null));
            outcomes.merge(fold.isPresent() ? "folded trees" : "unfolded trees", 1L, Long::sum);
            if (fold.isPresent()) {
                if (fold.get().hasRemaining()) {
                    outcomes.merge("folded trees with remaining rules", 1L, Long::sum);
                }
                for (int l = 0; l < ir.levels().size(); l++) {
                    outcomes.merge(fold.get().presentFolded(l) ? "levels folding their present test"
                            : "levels keeping their present test", 1L, Long::sum);
                }
            }
        }
        TreeWalker generated = loader.load(ir, "t.Access" + Long.toHexString(seed));
        TreeWalker reference = new Interpreter(ir);
        assertEquals(reference.info(), generated.info());
        PhysicalMemory mem = memory(random);
        long[] roots = new long[ir.roots().size()];
        for (int r = 0; r < roots.length; r++) {
            roots[r] = (long) random.nextInt(RandomIrs.MEMORY_BYTES / RandomIrs.TABLE_ALIGN) * RandomIrs.TABLE_ALIGN;
        }
        String where = "tree seed " + seed;
        long n = 0;
        for (int t = 0; t < 300; t++) {
            long va = random.nextInt(4) == 0 ? random.nextLong() : inRange(random, ir);
            int access = random.nextInt(20) == 0 ? random.nextInt(16) : ACCESSES[random.nextInt(ACCESSES.length)];
            long modeWord = random.nextInt(3) == 0 ? ir.info().defaultModes() : random.nextLong();
            long expected = reference.translate(mem, roots, va, access, modeWord);
            String what = where + " va 0x" + Long.toHexString(va) + " access " + access + " modes 0x"
                    + Long.toHexString(modeWord);
            assertEquals(expected, generated.translate(mem, roots, va, access, modeWord), what);
            if (roots.length == 1) {
                assertEquals(expected, generated.translate(mem, roots[0], va, access, modeWord), what);
            } else {
                assertEquals(expected, generated.translate(mem, roots[0], roots[1], va, access, modeWord), what);
            }
            outcomes.merge(expected == TreeWalker.DENIED ? "denied" : expected == TreeWalker.NO_MAPPING ? "unmapped"
                    : "mapped", 1L, Long::sum);
            if (Access.isValid(access)) {
                Translation detailed = reference.translateDetailed(mem, roots, va, access, modeWord);
                assertEquals(detailed, generated.translateDetailed(mem, roots, va, access, modeWord), what);
                assertEquals(expected, detailed.pa(), what);
            }
            long entry = random.nextLong();
            long attributes = random.nextLong();
            assertEquals(reference.denyingRule(entry, attributes, access, modeWord),
                    generated.denyingRule(entry, attributes, access, modeWord), what + " denyingRule");
            n += 4;
        }
        for (int w = 0; w < 4; w++) {
            int access = ACCESSES[random.nextInt(ACCESSES.length)];
            long modeWord = random.nextLong();
            long first = w == 0 ? 0 : inRange(random, ir);
            long last = w == 0 ? -1L : first + (random.nextLong() >>> (20 + random.nextInt(44)));
            if (Long.compareUnsigned(last, first) < 0) {
                last = -1L;
            }
            int limit = 1 + random.nextInt(3000);
            DeniedLog expected = new DeniedLog(limit);
            reference.walk(mem, roots, first, last, access, modeWord, expected);
            DeniedLog actual = new DeniedLog(limit);
            generated.walk(mem, roots, first, last, access, modeWord, actual);
            assertEquals(expected.events, actual.events, where + " walk");
            for (String e : expected.events) {
                outcomes.merge(e.startsWith("leaf") ? "walk leaf" : e.startsWith("denied") ? "walk denied" : "walk other",
                        1L, Long::sum);
            }
            n += expected.events.size();
        }
        return n;
    }

    /** Records denied leaves too. */
    static final class DeniedLog extends EventLog {
        private final int limit;

        /** Stops the walk at event {@code limit}, as {@link EventLog} does. */
        DeniedLog(int limit) {
            super(limit, 0);
            this.limit = limit;
        }

        @Override
        public boolean denied(long va, long pa, long size, int level, long entry, long attributes, int rule,
                String text) {
            events.add("denied " + hex(va) + " -> " + hex(pa) + " L" + level + " rule " + rule + " " + text);
            return events.size() < limit;
        }
    }

    /**
     * {@code base} with eight boolean attributes at bits 0 to 7, each one fixed entry bit combined
     * by {@code and} or {@code or} (one in 64 {@code set}), changed by each table and leaf
     * rule with probability 2/3, and all by the first (one change in 400 takes another bit);
     * with {@code everyRuleTakesAll}, by every rule, and mostly with the initial values a fold
     * needs ({@link RequiredBits}).
     */
    private static WalkerIr rawFriendly(WalkerIr base, Random random, boolean everyRuleTakesAll) {
        int width = base.entryBytes() * 8;
        List<Attribute> attributes = new ArrayList<>();
        int[] source = new int[8];
        long taken = 0;
        for (int i = 0; i < 8; i++) {
            do {
                source[i] = random.nextInt(width);
            } while ((taken >>> source[i] & 1) != 0);
            taken |= 1L << source[i];
            Attribute.Operator op = random.nextInt(64) == 0 ? Attribute.Operator.SET
                    : random.nextBoolean() ? Attribute.Operator.AND : Attribute.Operator.OR;
            attributes.add(new Attribute("r" + i, i, 1, op, true, "raw attribute " + i));
        }
        List<Level> levels = new ArrayList<>();
        boolean first = true;
        for (Level level : base.levels()) {
            List<Rule> rules = new ArrayList<>();
            for (Rule rule : level.rules()) {
                if (rule instanceof Rule.Table || rule instanceof Rule.Leaf) {
                    // The first changes every attribute, so that each bit a rule reads has a source.
                    AttributeUpdate update = rawUpdate(attributes, source, width, random, first || everyRuleTakesAll);
                    first = false;
                    rule = rule instanceof Rule.Table t ? new Rule.Table(t.condition(), t.address(), update, t.line())
                            : new Rule.Leaf(rule.condition(), ((Rule.Leaf) rule).address(), update, rule.line());
                }
                rules.add(rule);
            }
            levels.add(new Level(level.name(), level.shift(), level.bits(), level.doc(), rules, level.line()));
        }
        long init = random.nextLong() & 0xff;
        if (everyRuleTakesAll && random.nextInt(8) > 0) {
            // Mostly the initial values a fold needs: 1 for an and attribute, 0 for an or attribute.
            init = 0;
            for (int i = 0; i < attributes.size(); i++) {
                init |= attributes.get(i).operator() == Attribute.Operator.AND ? 1L << i : 0;
            }
        }
        return new WalkerIr(base.name(), base.doc(), base.sourceFile(), base.line(), base.addressBits(),
                base.signExtended(), base.ranges(), base.roots(), base.entryBytes(), base.bigEndian(), levels,
                attributes, init, base.tagLow());
    }

    /**
     * {@code base} with, at three levels in four, a first rule {@code invalid when !entry[p]}: one
     * bit {@code p} for the tree, another at one such level in eight.
     */
    private static WalkerIr withPresentTests(WalkerIr base, Random random) {
        int width = base.entryBytes() * 8;
        int present = random.nextInt(width);
        List<Level> levels = new ArrayList<>();
        for (Level level : base.levels()) {
            List<Rule> rules = new ArrayList<>(level.rules());
            if (random.nextInt(4) > 0) {
                int p = random.nextInt(8) == 0 ? random.nextInt(width) : present;
                rules.addFirst(new Rule.Invalid(not(bit(Expr.ENTRY, p)), level.line()));
            }
            levels.add(new Level(level.name(), level.shift(), level.bits(), level.doc(), rules, level.line()));
        }
        return new WalkerIr(base.name(), base.doc(), base.sourceFile(), base.line(), base.addressBits(),
                base.signExtended(), base.ranges(), base.roots(), base.entryBytes(), base.bigEndian(), levels,
                base.attributes(), base.attributeInit(), base.tagLow());
    }

    /**
     * {@code C && !a} or {@code C && a} for a random attribute {@code a} ({@code !} on an
     * {@code and} attribute, mostly, as a rule that folds has it), with {@code C} over the access
     * and the modes alone (or empty), and now and then one more conjunct on the entry.
     */
    private static Expr foldableCondition(Random random, WalkerIr ir, List<Permission.Mode> modes) {
        int i = random.nextInt(ir.attributes().size());
        boolean and = ir.attributes().get(i).operator() == Attribute.Operator.AND;
        Expr attribute = bit(new Expr.Check(Expr.Input.ATTRIBUTES), ir.attributes().get(i).offset());
        Expr test = (random.nextInt(8) > 0) == and ? not(attribute) : attribute;
        Expr c = random.nextInt(6) == 0 ? test : bin(AND_ALSO, accessAndModes(random, modes, 0), test);
        if (random.nextInt(6) == 0) {
            c = bin(AND_ALSO, c, bit(Expr.ENTRY, random.nextInt(ir.entryBytes() * 8)));
        }
        return c;
    }

    /** A random condition over the access and the modes only. */
    private static Expr accessAndModes(Random random, List<Permission.Mode> modes, int depth) {
        return switch (depth > 2 ? random.nextInt(2) : random.nextInt(5)) {
            case 0 -> bit(new Expr.Check(Expr.Input.ACCESS), random.nextInt(4));
            case 1 -> modes.isEmpty() ? bit(new Expr.Check(Expr.Input.ACCESS), random.nextInt(4)) : modeBit(random, modes);
            case 2 -> bin(AND_ALSO, accessAndModes(random, modes, depth + 1), accessAndModes(random, modes, depth + 1));
            case 3 -> bin(OR_ELSE, accessAndModes(random, modes, depth + 1), accessAndModes(random, modes, depth + 1));
            default -> not(accessAndModes(random, modes, depth + 1));
        };
    }

    /** {@code acc = (acc & keep) | put} as the lowering builds it, for a random subset of the attributes. */
    private static AttributeUpdate rawUpdate(List<Attribute> attributes, int[] source, int width, Random random,
            boolean all) {
        long cleared = 0;
        Expr keep = c(0);
        Expr put = c(0);
        for (int i = 0; i < attributes.size(); i++) {
            if (!all && random.nextInt(3) == 0) {
                continue;
            }
            int from = random.nextInt(400) == 0 ? random.nextInt(width) : source[i];
            Expr placed = bin(SHL, bit(Expr.ENTRY, from), c(i));
            switch (attributes.get(i).operator()) {
                case AND -> {
                    cleared |= 1L << i;
                    keep = bin(OR, keep, placed);
                }
                case OR -> put = bin(OR, put, placed);
                case SET -> {
                    cleared |= 1L << i;
                    put = bin(OR, put, placed);
                }
            }
        }
        return new AttributeUpdate(bin(OR, c(~cleared), keep), put);
    }

    private static List<Permission.Mode> modes(Random random) {
        List<Permission.Mode> out = new ArrayList<>();
        int offset = 0;
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int width = random.nextBoolean() ? 1 : 1 + random.nextInt(32);
            out.add(new Permission.Mode("M" + i, offset, width, random.nextLong() & ((1L << width) - 1), ""));
            offset += width;
        }
        return out;
    }

    /** A random bool-valued condition over the permission inputs and the entry. */
    private static Expr condition(Random random, WalkerIr ir, List<Permission.Mode> modes, int depth) {
        return condition(random, ir, modes, depth, true);
    }

    /** As above; without {@code wholeAttributes}, the computed shifts shift only the mode word. */
    private static Expr condition(Random random, WalkerIr ir, List<Permission.Mode> modes, int depth,
            boolean wholeAttributes) {
        int choice = depth > 2 ? random.nextInt(4) : random.nextInt(8);
        return switch (choice) {
            case 0 -> bit(new Expr.Check(Expr.Input.ACCESS), random.nextInt(4));
            case 1 -> bit(new Expr.Check(Expr.Input.ATTRIBUTES), random.nextInt(8));
            case 2 -> modes.isEmpty() ? bit(Expr.ENTRY, random.nextInt(ir.entryBytes() * 8))
                    : modeBit(random, modes);
            case 3 -> bit(Expr.ENTRY, random.nextInt(ir.entryBytes() * 8));
            case 4 -> bin(AND_ALSO, condition(random, ir, modes, depth + 1, wholeAttributes),
                    condition(random, ir, modes, depth + 1, wholeAttributes));
            case 5 -> bin(OR_ELSE, condition(random, ir, modes, depth + 1, wholeAttributes),
                    condition(random, ir, modes, depth + 1, wholeAttributes));
            case 6 -> not(condition(random, ir, modes, depth + 1, wholeAttributes));
            default -> {
                // (word >> amount)[0] with a computed amount, guarded as the lowering guards it.
                Expr amount = bin(MUL, c(2), slice(Expr.ENTRY, 3 + random.nextInt(4), random.nextInt(3)));
                if (random.nextBoolean()) {
                    amount = bin(ADD, amount, c(random.nextInt(80)));
                }
                Expr word = new Expr.Check(random.nextBoolean() || !wholeAttributes ? Expr.Input.MODES
                        : Expr.Input.ATTRIBUTES);
                Expr shifted = new Expr.Conditional(bin(LT, amount, c(64)), new Expr.Binary(SHR, word, amount), c(0));
                yield bin(NE, bin(AND, shifted, c(1)), c(0));
            }
        };
    }

    private static Expr modeBit(Random random, List<Permission.Mode> modes) {
        Permission.Mode m = modes.get(random.nextInt(modes.size()));
        return bit(new Expr.Check(Expr.Input.MODES), m.offset() + random.nextInt(m.width()));
    }

    private static PhysicalMemory memory(Random random) {
        byte[] bytes = new byte[RandomIrs.MEMORY_BYTES];
        random.nextBytes(bytes);
        MemorySegment segment = Arena.ofAuto().allocate(bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segment, 0, bytes.length);
        return PhysicalMemory.of(segment);
    }

    private static long inRange(Random random, WalkerIr ir) {
        WalkerIr.AddressRange r = ir.ranges().get(random.nextInt(ir.ranges().size()));
        long span = r.last() - r.first();
        return r.first() + (span == -1L ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), span + 1));
    }
}
