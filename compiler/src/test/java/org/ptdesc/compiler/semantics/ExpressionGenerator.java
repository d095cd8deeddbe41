package org.ptdesc.compiler.semantics;

import java.util.List;
import java.util.Random;
import org.ptdesc.compiler.semantics.SourceExpr.Binary;
import org.ptdesc.compiler.semantics.SourceExpr.BoolLiteral;
import org.ptdesc.compiler.semantics.SourceExpr.Conditional;
import org.ptdesc.compiler.semantics.SourceExpr.Literal;
import org.ptdesc.compiler.semantics.SourceExpr.Name;
import org.ptdesc.compiler.semantics.SourceExpr.Parens;
import org.ptdesc.compiler.semantics.SourceExpr.Slice;
import org.ptdesc.compiler.semantics.SourceExpr.Type;
import org.ptdesc.compiler.semantics.SourceExpr.Unary;

/**
 * Random well-typed expressions of every operator of the language, over literals of every size
 * (64-bit edge values included, in decimal, hexadecimal and binary), {@code entry}, {@code va},
 * parameters, fields and flags. Shift amounts and slice bounds are constants in 0..63, as the
 * manual requires; the shift amount is sometimes a parameter or a constant sum.
 */
final class ExpressionGenerator {

    /** Values where 64-bit arithmetic goes wrong first: signs, carries, 32-bit halves. */
    static final long[] EDGES = {
        0, 1, 2, 3, 0x7f, 0x80, 0xff, 0xfff, 0x1000, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L,
        0x7fff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L, 0xffff_ffff_ffff_ffffL, 0xffff_ffff_ffff_fffeL,
        0x8000_0000_0000_0001L, 0xfff0_0000_0000_0000L, 0x000f_ffff_ffff_ffffL,
    };

    private final Random random;
    private final List<String> intNames;
    private final List<String> boolNames;
    private final String shiftParameter;
    private int budget;

    /**
     * @param intNames int names usable besides {@code entry} and {@code va} (parameters, fields)
     * @param boolNames flags
     * @param shiftParameter a parameter whose value (0..63) may be a shift amount
     */
    ExpressionGenerator(Random random, List<String> intNames, List<String> boolNames, String shiftParameter) {
        this.random = random;
        this.intNames = intNames;
        this.boolNames = boolNames;
        this.shiftParameter = shiftParameter;
    }

    /** A random 64-bit value, often an edge value or a small one. */
    static long value(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> EDGES[random.nextInt(EDGES.length)];
            case 1 -> random.nextInt(300);
            case 2 -> EDGES[random.nextInt(EDGES.length)] ^ (1L << random.nextInt(64));
            default -> random.nextLong();
        };
    }

    /** An expression of {@code type} with at most about {@code operators} operators. */
    SourceExpr expression(Type type, int operators) {
        budget = operators;
        return type == Type.INT ? anInt(0) : aBool(0);
    }

    private boolean leaf(int depth) {
        return budget <= 0 || depth >= 7 || random.nextInt(10) < 2 + depth;
    }

    private SourceExpr anInt(int depth) {
        if (leaf(depth)) {
            return intAtom();
        }
        budget--;
        return switch (random.nextInt(13)) {
            case 11 -> {
                // The same operand twice: x - x, x ^ x, x & x... are what a simplifier rewrites.
                SourceExpr x = anInt(depth + 1);
                yield new Binary(List.of("*", "+", "-", "&", "^", "|").get(random.nextInt(6)), x, x);
            }
            case 12 -> {
                // Masks of one operand combined: (x & c1) | (x & c2), (x >> a) << a and the like.
                SourceExpr x = anInt(depth + 1);
                String op = List.of("|", "^", "&", "+").get(random.nextInt(4));
                yield random.nextBoolean()
                        ? new Binary(op, new Binary("&", x, literal(value(random))), new Binary("&", x, literal(value(random))))
                        : new Binary(op, new Binary("<<", new Binary(">>", x, shiftAmount()), shiftAmount()), x);
            }
            case 0 -> new Binary("*", anInt(depth + 1), anInt(depth + 1));
            case 1 -> new Binary("+", anInt(depth + 1), anInt(depth + 1));
            case 2 -> new Binary("-", anInt(depth + 1), anInt(depth + 1));
            case 3 -> new Binary(random.nextBoolean() ? "<<" : ">>", anInt(depth + 1), shiftAmount());
            case 4 -> new Binary("&", anInt(depth + 1), anInt(depth + 1));
            case 5 -> new Binary("^", anInt(depth + 1), anInt(depth + 1));
            case 6 -> new Binary("|", anInt(depth + 1), anInt(depth + 1));
            case 7 -> new Unary(random.nextBoolean() ? "~" : "-", anInt(depth + 1));
            case 8 -> {
                int lo = random.nextInt(64);
                int hi = lo + random.nextInt(64 - lo);
                yield new Slice(anInt(depth + 1), hi, lo, false);
            }
            case 9 -> new Conditional(aBool(depth + 1), anInt(depth + 1), anInt(depth + 1));
            default -> new Parens(anInt(depth + 1));
        };
    }

    private SourceExpr aBool(int depth) {
        if (leaf(depth)) {
            return boolAtom(depth);
        }
        budget--;
        return switch (random.nextInt(12)) {
            case 11 -> {
                SourceExpr x = anInt(depth + 1);
                yield new Binary(List.of("<", "<=", ">", ">=", "==", "!=").get(random.nextInt(6)), x,
                        random.nextBoolean() ? x : literal(random.nextBoolean() ? 0 : -1L));
            }
            case 0 -> new Binary(List.of("<", "<=", ">", ">=").get(random.nextInt(4)), anInt(depth + 1), anInt(depth + 1));
            case 1 -> new Binary(random.nextBoolean() ? "==" : "!=", anInt(depth + 1), anInt(depth + 1));
            case 2 -> new Binary(random.nextBoolean() ? "==" : "!=", aBool(depth + 1), aBool(depth + 1));
            case 3 -> new Binary(List.of("&", "^", "|").get(random.nextInt(3)), aBool(depth + 1), aBool(depth + 1));
            case 4 -> new Binary("&&", aBool(depth + 1), aBool(depth + 1));
            case 5 -> new Binary("||", aBool(depth + 1), aBool(depth + 1));
            case 6 -> new Unary("!", aBool(depth + 1));
            case 7 -> {
                int bit = random.nextInt(64);
                yield new Slice(anInt(depth + 1), bit, bit, true);
            }
            case 8 -> new Conditional(aBool(depth + 1), aBool(depth + 1), aBool(depth + 1));
            case 9 -> new Binary(List.of("<", "<=", ">", ">=").get(random.nextInt(4)), intAtom(), anInt(depth + 1));
            default -> new Parens(aBool(depth + 1));
        };
    }

    private SourceExpr boolAtom(int depth) {
        return switch (random.nextInt(4)) {
            case 0 -> new BoolLiteral(random.nextBoolean());
            case 1 -> new Name(boolNames.get(random.nextInt(boolNames.size())), Type.BOOL);
            default -> {
                int bit = random.nextInt(64);
                yield new Slice(intAtom(), bit, bit, true);
            }
        };
    }

    private SourceExpr intAtom() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> literal(value(random));
            case 2 -> new Name("entry", Type.INT);
            case 3 -> new Name("va", Type.INT);
            default -> new Name(intNames.get(random.nextInt(intNames.size())), Type.INT);
        };
    }

    private SourceExpr shiftAmount() {
        return switch (random.nextInt(6)) {
            case 0 -> new Name(shiftParameter, Type.INT);
            case 1 -> {
                int a = random.nextInt(40);
                yield new Parens(new Binary("+", literal(a), literal(random.nextInt(64 - a))));
            }
            default -> literal(random.nextInt(64));
        };
    }

    /**
     * {@code value} as a literal in one of the forms the grammar accepts: decimal, hexadecimal
     * (either case, zero-padded to 16 digits or not, {@code _} every 4 digits or not) or binary.
     */
    SourceExpr literal(long value) {
        String text = switch (random.nextInt(value >= 0 && value < 0x1_0000 ? 6 : 5)) {
            case 0 -> Long.toUnsignedString(value);
            case 1 -> "0x" + Long.toHexString(value);
            case 2 -> "0x" + grouped(Long.toHexString(value), 4);
            case 3 -> "0X" + Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
            case 4 -> "0x" + grouped(String.format("%016x", value), 4);
            default -> "0b" + grouped(Long.toBinaryString(value), 1 + random.nextInt(8));
        };
        return new Literal(value, text);
    }

    /** Digits with {@code _} every {@code size} digits from the right. */
    private static String grouped(String digits, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % size == 0) {
                out.append('_');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }
}
