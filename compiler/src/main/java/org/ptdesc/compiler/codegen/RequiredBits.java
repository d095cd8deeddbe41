package org.ptdesc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Permission rules folded into the present test of the access-checked translate. A rule
 * {@code C && !A}, where {@code C} reads only the access and the modes and {@code A} is a raw
 * {@code and} attribute ({@link RawAttributes}: one entry bit at one position, taken by every
 * table and leaf rule, initially 1), denies exactly when {@code C} holds and some entry of the
 * walk has that bit clear; likewise {@code C && O}, {@code O} a raw {@code or} attribute
 * (initially 0), when some entry has that bit set. So, once per translation, the walk computes
 * from the access and the modes alone which entry bits must be 1 ({@code required}, with the
 * present bit) and which must be 0, and each level tests them with one mask and one comparison
 * in place of its present test ({@code !P}, where that is the level's first rule). An entry that
 * fails the test (not present, or one a folded rule would deny, or merely over-strict) leaves
 * the fast walk for the exact checked translate, which walks again from the root, so the answer
 * never changes. On that fast walk the folded rules need no accumulation and no leaf test, and
 * the remaining rules may read a folded attribute as the constant it then is ({@link #substitute}),
 * which lets C2 drop the attribute word where a constant access folds the rest.
 */
final class RequiredBits {

    /** Raw position of each folded bit and when it is required: {@code condition} over the access and modes. */
    private record Fold(boolean andWord, int position, Expr condition) {}

    private final List<Fold> folds;
    private final boolean[] foldedRule;
    /** The entry bit of the levels' present tests, or -1. */
    private final int presentBit;
    /** Per level: its present test is folded ({@code !entry[presentBit]}, its first rule). */
    private final boolean[] presentFolded;
    private final int[] presentRule;

    private RequiredBits(List<Fold> folds, boolean[] foldedRule, int presentBit, boolean[] presentFolded, int[] presentRule) {
        this.folds = folds;
        this.foldedRule = foldedRule;
        this.presentBit = presentBit;
        this.presentFolded = presentFolded;
        this.presentRule = presentRule;
    }

    /**
     * The fold for {@code ir}'s rules as {@code gate} reads them, or empty when no rule folds, the
     * walk keeps no raw attributes, or a remaining rule's fast test would be no test at all.
     */
    static Optional<RequiredBits> plan(WalkerIr ir, AccessGate gate) {
        RawAttributes raw = gate.raw();
        if (raw == null || ir.permissions().isEmpty()) {
            return Optional.empty();
        }
        long andFoldable = raw.alwaysTaken(ir, true);
        long orFoldable = raw.alwaysTaken(ir, false);
        List<Permission> rules = ir.permissions();
        boolean[] foldedRule = new boolean[rules.size()];
        List<Fold> folds = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            List<Expr> conjuncts = new ArrayList<>();
            conjuncts(gate.condition(rules.get(i)), conjuncts);
            Fold fold = null;
            List<Expr> rest = new ArrayList<>();
            for (Expr c : conjuncts) {
                int notAnd = c instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NOT ? bitOf(u.operand(), true) : -1;
                int or = bitOf(c, false);
                if (fold == null && notAnd >= 0 && (andFoldable >>> notAnd & 1) != 0) {
                    fold = new Fold(true, notAnd, null);
                } else if (fold == null && or >= 0 && (orFoldable >>> or & 1) != 0) {
                    fold = new Fold(false, or, null);
                } else {
                    rest.add(c);
                }
            }
            if (fold == null || !rest.stream().allMatch(RequiredBits::accessAndModesOnly)) {
                continue;
            }
            Expr condition = rest.stream().reduce((l, r) -> new Expr.Binary(Expr.BinaryOp.AND_ALSO, l, r)).orElse(Expr.TRUE);
            foldedRule[i] = true;
            merge(folds, new Fold(fold.andWord(), fold.position(), condition));
        }
        if (folds.isEmpty()) {
            return Optional.empty();
        }
        int levels = ir.levels().size();
        boolean[] presentFolded = new boolean[levels];
        int[] presentRule = new int[levels];
        int presentBit = -1;
        for (int l = 0; l < levels; l++) {
            presentRule[l] = -1;
            Level level = ir.levels().get(l);
            for (int r = 0; r < level.rules().size(); r++) {
                Rule rule = level.rules().get(r);
                Expr condition = Simplifier.simplify(rule.condition());
                if (condition instanceof Expr.Const c && c.value() == 0) {
                    continue;
                }
                int bit = rule instanceof Rule.Invalid && condition instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NOT
                        ? entryBit(u.operand()) : -1;
                if (bit >= 0 && (presentBit < 0 || presentBit == bit)) {
                    presentBit = bit;
                    presentFolded[l] = true;
                    presentRule[l] = r;
                }
                break;
            }
        }
        RequiredBits out = new RequiredBits(List.copyOf(folds), foldedRule, presentBit, presentFolded, presentRule);
        for (int i = 0; i < rules.size(); i++) {
            if (!foldedRule[i] && AccessGate.weakened(out.substitute(gate.condition(rules.get(i)))) instanceof Expr.Const) {
                return Optional.empty();   // every access would leave the fast walk at the leaf
            }
        }
        return Optional.of(out);
    }

    /** A second rule on the same bit: the bit is required when either condition holds. */
    private static void merge(List<Fold> folds, Fold fold) {
        for (int i = 0; i < folds.size(); i++) {
            Fold f = folds.get(i);
            if (f.andWord() == fold.andWord() && f.position() == fold.position()) {
                folds.set(i, new Fold(f.andWord(), f.position(),
                        new Expr.Binary(Expr.BinaryOp.OR_ELSE, f.condition(), fold.condition())));
                return;
            }
        }
        folds.add(fold);
    }

    /** True when rule {@code index} is folded into the required bits (the fast walk does not test it). */
    boolean folds(int index) {
        return foldedRule[index];
    }

    /** True when some rule is not folded (the fast walk's leaf tests those). */
    boolean hasRemaining() {
        for (boolean f : foldedRule) {
            if (!f) {
                return true;
            }
        }
        return false;
    }

    /** True when some level keeps its present test (it then tests the attribute bits alone). */
    boolean anyPresentKept() {
        for (boolean f : presentFolded) {
            if (!f) {
                return true;
            }
        }
        return false;
    }

    /** True when level {@code level}'s present test is folded into the mask test. */
    boolean presentFolded(int level) {
        return presentFolded[level];
    }

    /** The index of level {@code level}'s folded present rule, or -1. */
    int presentRule(int level) {
        return presentRule[level];
    }

    /** The present bit as a mask (0 when no level's present test folds). */
    long presentMask() {
        return presentBit < 0 ? 0 : 1L << presentBit;
    }

    /** True when some folded rule forbids a set bit (an {@code or} attribute). */
    boolean forbidsBits() {
        return folds.stream().anyMatch(f -> !f.andWord());
    }

    /** The entry bits that must be 1, from the access and the modes: a value expression. */
    Expr required() {
        return mask(true);
    }

    /** The entry bits that must be 1 or must be 0 (the bits the level test looks at). */
    Expr tested() {
        return Simplifier.binary(Expr.BinaryOp.OR, mask(true), mask(false));
    }

    private Expr mask(boolean andWord) {
        Expr out = Expr.FALSE;
        for (Fold f : folds) {
            if (f.andWord() == andWord) {
                out = Simplifier.binary(Expr.BinaryOp.OR, out,
                        new Expr.Conditional(f.condition(), new Expr.Const(1L << f.position()), Expr.FALSE));
            }
        }
        return out;
    }

    /**
     * {@code condition} (a rule as the walk reads it) on the fast walk, where every folded bit is
     * known whenever its condition holds: a folded {@code and} bit reads {@code cond || bit}, a
     * folded {@code or} bit {@code !cond && bit}. Equal to {@code condition} there, and a constant
     * to C2 once the access is.
     */
    Expr substitute(Expr e) {
        for (Fold f : folds) {
            if (bitOf(e, f.andWord()) == f.position()) {
                return f.andWord() ? new Expr.Binary(Expr.BinaryOp.OR_ELSE, f.condition(), e)
                        : new Expr.Binary(Expr.BinaryOp.AND_ALSO, new Expr.Unary(Expr.UnaryOp.NOT, f.condition()), e);
            }
        }
        return switch (e) {
            case Expr.Unary u -> new Expr.Unary(u.op(), substitute(u.operand()));
            case Expr.Binary b -> new Expr.Binary(b.op(), substitute(b.left()), substitute(b.right()));
            case Expr.Conditional c -> new Expr.Conditional(substitute(c.condition()), substitute(c.then()), substitute(c.otherwise()));
            default -> e;
        };
    }

    /** True when {@code e} still reads the raw {@code and} word (andWord) or the {@code or} word. */
    static boolean reads(Expr e, boolean andWord) {
        return switch (e) {
            case Expr.Check c -> andWord && c.input() == Expr.Input.ATTRIBUTES;
            case Expr.Register r -> !andWord;
            case Expr.Unary u -> reads(u.operand(), andWord);
            case Expr.Binary b -> reads(b.left(), andWord) || reads(b.right(), andWord);
            case Expr.Conditional c -> reads(c.condition(), andWord) || reads(c.then(), andWord) || reads(c.otherwise(), andWord);
            default -> false;
        };
    }

    private static void conjuncts(Expr e, List<Expr> out) {
        if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND_ALSO) {
            conjuncts(b.left(), out);
            conjuncts(b.right(), out);
        } else {
            out.add(e);
        }
    }

    /**
     * The raw position {@code p} when {@code e} is one bit of a raw word, {@code (word >>> p) & 1}
     * or {@code word & 1} (the {@code and} word is the attribute input, the {@code or} word the
     * register); else -1.
     */
    private static int bitOf(Expr e, boolean andWord) {
        if (!(e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND && b.right() instanceof Expr.Const m && m.value() == 1)) {
            return -1;
        }
        Expr word = b.left();
        int shift = 0;
        if (word instanceof Expr.Binary s && s.op() == Expr.BinaryOp.SHR && s.right() instanceof Expr.Const n
                && n.value() >= 0 && n.value() < 64) {
            word = s.left();
            shift = (int) n.value();
        }
        boolean matches = andWord ? word instanceof Expr.Check c && c.input() == Expr.Input.ATTRIBUTES
                : word instanceof Expr.Register;
        return matches ? shift : -1;
    }

    /** {@code p} when {@code e} is {@code entry & (1 << p)} or {@code (entry >>> p) & 1}; else -1. */
    private static int entryBit(Expr e) {
        if (!(e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND && b.right() instanceof Expr.Const m)) {
            return -1;
        }
        if (b.left() instanceof Expr.Entry && Long.bitCount(m.value()) == 1) {
            return Long.numberOfTrailingZeros(m.value());
        }
        if (m.value() == 1 && b.left() instanceof Expr.Binary s && s.op() == Expr.BinaryOp.SHR
                && s.left() instanceof Expr.Entry && s.right() instanceof Expr.Const n && n.value() >= 0 && n.value() < 64) {
            return (int) n.value();
        }
        return -1;
    }

    /** True when {@code e} reads nothing but the access and the modes. */
    private static boolean accessAndModesOnly(Expr e) {
        return switch (e) {
            case Expr.Const c -> true;
            case Expr.Check c -> c.input() == Expr.Input.ACCESS || c.input() == Expr.Input.MODES;
            case Expr.Unary u -> accessAndModesOnly(u.operand());
            case Expr.Binary b -> accessAndModesOnly(b.left()) && accessAndModesOnly(b.right());
            case Expr.Conditional c -> accessAndModesOnly(c.condition()) && accessAndModesOnly(c.then())
                    && accessAndModesOnly(c.otherwise());
            default -> false;
        };
    }
}
