package org.ptdesc.compiler.semantics;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.CompiledWalker;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.semantics.SourceExpr.Type;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Random expressions through the whole pipeline (parser, checker, folding, lowering, simplifier,
 * both engines) against {@link SourceExpr}'s own evaluation, which knows nothing of the
 * compiler's classes: the differential tests share the front end with their oracle and cannot
 * see its bugs, this test can. Each tree has one level of 4096 entries indexed by {@code va[63:52]}
 * whose rules are {@code invalid when (C) != va[K];} and
 * {@code leaf -> (A) & 0xfff0_0000_0000_0000 with v = B;}: C decides mapped or not, B's whole value
 * comes back as the attribute word ({@code v} is the only attribute, 64 bits or one), and A's
 * top 12 bits in the physical address. Every tree is run on chosen entry values and addresses,
 * by {@code translateDetailed}, {@code translate} and {@code walk} of the interpreter and of the
 * generated class. The seed is in every failure message; {@code -Dptdesc.expressionSeed=N}
 * replays a run.
 */
class ExpressionPipelinePropertyTest {

    private static final long LEAF_MASK = 0xfff0_0000_0000_0000L;
    /** Files of 40 trees per run; {@code -Dptdesc.expressionFiles=N} runs more, to hunt. */
    private static final int FILES = Integer.getInteger("ptdesc.expressionFiles", 25);
    private static final int TREES_PER_FILE = 40;
    private static final int SAMPLES_PER_TREE = 8;

    /** One generated tree: its fields and flags, the two expressions, and their names' values. */
    record GeneratedTree(String name, String text, SourceExpr invalid, int invalidBit, SourceExpr address,
            SourceExpr value, List<int[]> f0, int[] f1, int g0, int g1) {

        long field(List<int[]> slices, long entry) {
            long value = 0;
            for (int[] s : slices) {
                int width = s[0] - s[1] + 1;
                long bits = width == 64 ? entry >>> s[1] : (entry >>> s[1]) & ((1L << width) - 1);
                value = width == 64 ? bits : (value << width) | bits;
            }
            return value;
        }

        SourceExpr.Env env(Map<String, Long> parameters, long entry, long va) {
            return new SourceExpr.Env() {
                public long entry() { return entry; }
                public long va() { return va; }
                public long name(String name) {
                    return switch (name) {
                        case "f0" -> field(f0, entry);
                        case "f1" -> field(List.of(f1), entry);
                        case "g0" -> (entry >>> g0) & 1;
                        case "g1" -> (entry >>> g1) & 1;
                        default -> parameters.get(name);
                    };
                }
            };
        }

        boolean usesVa() {
            return (address.render() + value.render()).contains("va");
        }
    }

    @Test
    void randomExpressionsMeanWhatTheManualSays() {
        long seed = Long.getLong("ptdesc.expressionSeed", 0x5eed_2026L);
        Random random = new Random(seed);
        int checked = 0;
        Map<String, Integer> operatorsSeen = new HashMap<>();
        for (int file = 0; file < FILES; file++) {
            Map<String, Long> parameters = new HashMap<>();
            StringBuilder text = new StringBuilder();
            for (int p = 0; p < 3; p++) {
                long value = ExpressionGenerator.value(random);
                parameters.put("P" + p, value);
                text.append("param P").append(p).append(" = 0x").append(Long.toHexString(value)).append(";\n");
            }
            long shift = random.nextInt(64);
            parameters.put("S", shift);
            text.append("param S = ").append(shift).append(";\n");
            List<GeneratedTree> trees = new ArrayList<>();
            for (int t = 0; t < TREES_PER_FILE; t++) {
                GeneratedTree tree = tree("t" + t, random);
                trees.add(tree);
                text.append(tree.text());
                count(tree.invalid(), operatorsSeen);
                count(tree.address(), operatorsSeen);
                count(tree.value(), operatorsSeen);
            }
            String source = text.toString();
            String where = "seed " + seed + ", file " + file;
            Compilation c = Ptdesc.compile("random" + file + ".ptdesc", source, Map.of());
            assertFalse(c.hasErrors(), () -> where + ":\n" + c.renderDiagnostics() + "\n" + source);
            WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
            Map<String, TreeWalker> generated = new HashMap<>();
            for (CompiledWalker w : c.walkers("org.ptdesc.random" + file)) {
                generated.put(w.tree(), loader.define(w.className(), w.bytes()));
            }
            PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(4096 * 8));
            for (GeneratedTree tree : trees) {
                TreeWalker interpreter = new Interpreter(c.tree(tree.name()).orElseThrow());
                TreeWalker compiled = generated.get(tree.name());
                for (int s = 0; s < SAMPLES_PER_TREE; s++) {
                    long entry = ExpressionGenerator.value(random);
                    long va = ExpressionGenerator.value(random);
                    mem.writeLong((va >>> 52) * 8, entry, false);
                    SourceExpr.Env env = tree.env(parameters, entry, va);
                    long pa = tree.address().eval(env) & LEAF_MASK | va & ~LEAF_MASK;
                    long attributes = tree.value().eval(env);
                    boolean invalid = (tree.invalid().eval(env) != 0) != ((va >>> tree.invalidBit() & 1) != 0);
                    String context = where + ", tree " + tree.name() + ", entry 0x" + Long.toHexString(entry)
                            + ", va 0x" + Long.toHexString(va) + "\n  C = " + tree.invalid().render()
                            + " (invalid when (C) != va[" + tree.invalidBit() + "]: " + invalid + ")\n  A = " + tree.address().render() + "\n  B = "
                            + tree.value().render() + "\n  expected pa 0x" + Long.toHexString(pa) + ", attributes 0x"
                            + Long.toHexString(attributes);
                    for (TreeWalker engine : List.of(interpreter, compiled)) {
                        String which = context + "\n  engine " + (engine == interpreter ? "interpreter" : "generated");
                        Translation got = engine.translateDetailed(mem, new long[] {0}, va);
                        if (invalid) {
                            assertEquals(List.of(false, Failure.NOT_PRESENT, 0, entry),
                                    List.of(got.mapped(), got.failure(), got.level(), got.entry()), which);
                            assertEquals(TreeWalker.NO_MAPPING, engine.translate(mem, 0, va), which);
                        } else {
                            assertEquals(Translation.mapped(va, pa, 0, 1L << 52, entry, attributes), got, which);
                            assertEquals(pa, engine.translate(mem, 0, va), which);
                        }
                    }
                    List<String> interpreted = leaves(interpreter, mem, va);
                    assertEquals(interpreted, leaves(compiled, mem, va), context);
                    if (!tree.usesVa()) {
                        assertEquals(invalid ? 1 : List.of(leaf(va, pa, entry, attributes)),
                                invalid ? interpreted.size() : interpreted, context);
                    }
                    checked++;
                }
            }
        }
        System.out.println("expression pipeline: " + checked + " evaluations of " + 3 * FILES * TREES_PER_FILE
                + " expressions, operators used " + new java.util.TreeMap<>(operatorsSeen));
        for (String op : List.of("*", "+", "-", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "&", "^", "|", "&&",
                "||", "!", "~", "neg", "?:", "[hi:lo]", "[n]", "entry", "va", "f0", "f1", "g0", "g1", "P0", "S")) {
            assertTrue(operatorsSeen.getOrDefault(op, 0) >= 30, () -> op + " was generated too rarely: " + operatorsSeen);
        }
    }

    @Test
    void aShiftByAConstantOutside0To63IsRefusedWherePlaced() {
        for (String amount : List.of("64", "S + 1", "0xffff_ffff_ffff_ffff")) {
            String source = "param S = 63;\n" + treeText("t", "", "entry[1]", "entry << " + amount, "entry", "64 bits ");
            Compilation c = Ptdesc.compile("shift.ptdesc", source, Map.of());
            String rendered = c.renderDiagnostics();
            assertTrue(c.hasErrors(), amount + ": " + rendered);
            assertTrue(rendered.contains("[P304]"), amount + ": " + rendered);
            assertTrue(rendered.startsWith("shift.ptdesc:" + (source.lines().toList().indexOf(
                    source.lines().filter(l -> l.contains("<<")).findFirst().orElseThrow()) + 1) + ":"), rendered);
        }
    }

    private static GeneratedTree tree(String name, Random random) {
        List<int[]> f0 = new ArrayList<>();
        int width = 0;
        for (int i = 0, n = 1 + random.nextInt(3); i < n && width < 64; i++) {
            int lo = random.nextInt(64);
            int hi = lo + random.nextInt(Math.min(64 - lo, 64 - width));
            f0.add(new int[] {hi, lo});
            width += hi - lo + 1;
        }
        int lo = random.nextInt(64);
        int[] f1 = {lo + random.nextInt(64 - lo), lo};
        int g0 = random.nextInt(64);
        int g1 = random.nextInt(64);
        ExpressionGenerator generator = new ExpressionGenerator(random, List.of("P0", "P1", "P2", "f0", "f1"),
                List.of("g0", "g1"), "S");
        SourceExpr invalid;
        SourceExpr address;
        SourceExpr value;
        Type valueType;
        do {
            invalid = generator.expression(Type.BOOL, random.nextInt(12));
            address = generator.expression(Type.INT, 1 + random.nextInt(30));
            valueType = random.nextInt(3) == 0 ? Type.BOOL : Type.INT;
            value = generator.expression(valueType, 1 + random.nextInt(30));
            // A shared operand is written out twice: stay well below the 256 operators a
            // declaration may have (P115), which is a limit, not a bug to find here.
        } while (nodes(invalid) + nodes(address) + nodes(value) > 160);
        int invalidBit = random.nextInt(52);
        StringBuilder fields = new StringBuilder("    field f0 [");
        for (int i = 0; i < f0.size(); i++) {
            fields.append(i == 0 ? "" : ", ").append(f0.get(i)[0]).append(':').append(f0.get(i)[1]);
        }
        fields.append("];\n    field f1 [").append(f1[0]).append(':').append(f1[1]).append("];\n")
                .append("    flag g0 [").append(g0).append("];\n    flag g1 [").append(g1).append("];\n");
        // "!= va[K]" keeps the condition from being constant or covering the leaf, which P502 would
        // refuse; K is below the index bits, so every walk of one address sees the same K.
        String text = treeText(name, fields.toString(), "(" + invalid.render() + ") != va[" + invalidBit + "]",
                address.render(), value.render(), valueType == Type.INT ? "64 bits " : "");
        return new GeneratedTree(name, text, invalid, invalidBit, address, value, f0, f1, g0, g1);
    }

    private static String treeText(String name, String fields, String invalid, String address, String value,
            String width) {
        return "tree " + name + " {\n"
                + "    address 64 bits;\n    offset 52 bits;\n    entry 64 bits;\n    root r = r;\n"
                + fields
                + "    attribute v : " + width + "set;\n"
                + "    level L bits 12 {\n"
                + "        invalid when " + invalid + ";\n"
                + "        leaf -> (" + address + ") & 0xfff0_0000_0000_0000\n"
                + "            with v = " + value + ";\n"
                + "    }\n}\n";
    }

    /** The leaf a walk of the one address {@code va} reports: the span cut to that address. */
    private static String leaf(long va, long pa, long entry, long attributes) {
        return "leaf 0x" + Long.toHexString(va) + " -> 0x" + Long.toHexString(pa) + " size 0x"
                + "1 L0 entry 0x" + Long.toHexString(entry) + " attributes 0x"
                + Long.toHexString(attributes);
    }

    /** Every event of a walk of the one address {@code va}. */
    private static List<String> leaves(TreeWalker walker, PhysicalMemory mem, long va) {
        List<String> events = new ArrayList<>();
        walker.walk(mem, new long[] {0}, va, va, new WalkVisitor() {
            @Override
            public boolean leaf(long leafVa, long pa, long size, int level, long entry, long attributes) {
                events.add("leaf 0x" + Long.toHexString(leafVa) + " -> 0x" + Long.toHexString(pa) + " size 0x"
                        + Long.toHexString(size) + " L" + level + " entry 0x" + Long.toHexString(entry)
                        + " attributes 0x" + Long.toHexString(attributes));
                return true;
            }

            @Override
            public boolean hole(long first, long last, int level) {
                events.add("hole 0x" + Long.toHexString(first) + " L" + level);
                return true;
            }
        });
        return events;
    }

    /** The nodes of {@code e} as written: a shared operand counts each time it is written. */
    private static int nodes(SourceExpr e) {
        return 1 + switch (e) {
            case SourceExpr.Binary b -> nodes(b.left()) + nodes(b.right());
            case SourceExpr.Unary u -> nodes(u.operand());
            case SourceExpr.Conditional c -> nodes(c.condition()) + nodes(c.then()) + nodes(c.otherwise());
            case SourceExpr.Slice x -> nodes(x.operand());
            case SourceExpr.Parens p -> nodes(p.inner());
            default -> 0;
        };
    }

    private static void count(SourceExpr e, Map<String, Integer> seen) {
        String key = switch (e) {
            case SourceExpr.Binary b -> b.op();
            case SourceExpr.Unary u -> u.op().equals("-") ? "neg" : u.op();
            case SourceExpr.Conditional c -> "?:";
            case SourceExpr.Slice s -> s.single() ? "[n]" : "[hi:lo]";
            case SourceExpr.Name n -> n.name();
            case SourceExpr.Literal l -> "literal";
            case SourceExpr.BoolLiteral b -> "bool literal";
            case SourceExpr.Parens p -> "()";
        };
        seen.merge(key, 1, Integer::sum);
        switch (e) {
            case SourceExpr.Binary b -> { count(b.left(), seen); count(b.right(), seen); }
            case SourceExpr.Unary u -> count(u.operand(), seen);
            case SourceExpr.Conditional c -> { count(c.condition(), seen); count(c.then(), seen); count(c.otherwise(), seen); }
            case SourceExpr.Slice s -> count(s.operand(), seen);
            case SourceExpr.Parens p -> count(p.inner(), seen);
            default -> { }
        }
    }
}
