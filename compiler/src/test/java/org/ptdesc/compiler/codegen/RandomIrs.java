package org.ptdesc.compiler.codegen;

import static org.ptdesc.compiler.codegen.IrFixtures.*;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Random IRs for verification and differential tests: 1 to 6 levels of random widths, random
 * page offset, 32- or 64-bit entries in either byte order, sign-extended or plain address
 * spaces with random walkable ranges (sometimes in a window above the address bits), sometimes a
 * tag above the address bits, one or two roots, random attributes of all three
 * operators, and random rules (invalid, fault, table, leaf) whose conditions test random bits
 * of the entry and the address. Table addresses are 4 KiB-aligned values taken from entry bits
 * 17:12, so that random memory of {@link #MEMORY_BYTES} holds most of the tables a tree can
 * reach and some lie outside it.
 */
final class RandomIrs {

    /** Size of the random memory a random tree lives in; table addresses reach 1.5 times as far. */
    static final int MEMORY_BYTES = 40 * 4096;
    /** Table addresses are {@code entry[17:12] << 12}, plus this in some rules. */
    static final int TABLE_ALIGN = 4096;

    private final Random random;
    private int line = 1;

    private RandomIrs(Random random) {
        this.random = random;
    }

    static List<WalkerIr> sample(int count, long seed) {
        Random r = new Random(seed);
        List<WalkerIr> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(random(r));
        }
        return out;
    }

    static WalkerIr random(Random r) {
        return new RandomIrs(r).tree();
    }

    private WalkerIr tree() {
        int levelCount = 1 + random.nextInt(6);
        int offset = 2 + random.nextInt(13);
        int[] bits = new int[levelCount];
        int sum = 0;
        for (int i = 0; i < levelCount; i++) {
            bits[i] = 1 + random.nextInt(9);
            sum += bits[i];
        }
        while (offset + sum > 64) {
            int i = random.nextInt(levelCount);
            if (bits[i] > 1) {
                bits[i]--;
                sum--;
            } else if (offset > 2) {
                offset--;
            }
        }
        int addressBits = offset + sum;
        boolean signExtended = addressBits < 64 && addressBits >= 3 && random.nextInt(3) == 0;
        int entryBytes = random.nextBoolean() ? 8 : 4;
        boolean bigEndian = random.nextInt(3) == 0;
        // A tag above the address bits in a third of the trees that have bits to spare.
        int tagLow = addressBits < 64 && random.nextInt(3) == 0 ? addressBits + random.nextInt(64 - addressBits) : 0;
        List<WalkerIr.AddressRange> ranges = window(ranges(addressBits, signExtended), addressBits, signExtended, tagLow);
        List<Root> roots = roots(ranges);
        List<Attribute> attributes = attributes();
        long init = 0;
        for (Attribute a : attributes) {
            if (a.operator() == Attribute.Operator.AND) {
                init |= a.mask();
            }
        }
        List<Level> levels = new ArrayList<>();
        int shift = offset + sum;
        for (int i = 0; i < levelCount; i++) {
            shift -= bits[i];
            levels.add(level("L" + i, shift, bits[i], i == levelCount - 1, entryBytes, attributes));
        }
        return new WalkerIr("random_" + Integer.toHexString(random.nextInt()), "a random tree", "random.ptdesc", line++,
                addressBits, signExtended, ranges, roots, entryBytes, bigEndian, levels, attributes, init, tagLow);
    }

    /**
     * Without sign extension, sometimes moves the ranges into another window of fixed bits
     * 63..N (as AArch64's TTBR1 range); with a tag, half of those windows are ones a tagged
     * address can reach (bits 63..tagLow copies of bit tagLow-1), the others only untagged ones.
     */
    private List<WalkerIr.AddressRange> window(List<WalkerIr.AddressRange> ranges, int addressBits,
            boolean signExtended, int tagLow) {
        if (signExtended || addressBits == 64 || random.nextInt(3) > 0) {
            return ranges;
        }
        long window = random.nextLong() << addressBits;
        if (tagLow != 0 && random.nextBoolean()) {
            window = ((window << (64 - tagLow)) >> (64 - tagLow)) & (-1L << addressBits);
        }
        List<WalkerIr.AddressRange> out = new ArrayList<>();
        for (WalkerIr.AddressRange r : ranges) {
            out.add(new WalkerIr.AddressRange(r.first() | window, r.last() | window));
        }
        return out;
    }

    private List<WalkerIr.AddressRange> ranges(int addressBits, boolean signExtended) {
        long top = addressBits == 64 ? -1L : (1L << addressBits) - 1;
        if (signExtended) {
            long half = 1L << (addressBits - 1);
            return List.of(new WalkerIr.AddressRange(0, half - 1), new WalkerIr.AddressRange(-half, -1L));
        }
        if (random.nextInt(3) > 0) {
            return List.of(new WalkerIr.AddressRange(0, top));
        }
        // 1 to 3 random sub-ranges, sometimes adjacent
        int n = 1 + random.nextInt(3);
        long[] cuts = new long[2 * n];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = random.nextLong() & top;
        }
        java.util.Arrays.sort(cuts);
        List<WalkerIr.AddressRange> out = new ArrayList<>();
        long prevLast = -1;
        for (int i = 0; i < n; i++) {
            long first = cuts[2 * i];
            long last = cuts[2 * i + 1];
            if (!out.isEmpty() && Long.compareUnsigned(first, prevLast) <= 0) {
                continue;
            }
            if (!out.isEmpty() && random.nextBoolean()) {
                first = prevLast + 1; // adjacent to the previous range
            }
            out.add(new WalkerIr.AddressRange(first, last));
            prevLast = last;
        }
        if (random.nextBoolean()) {
            out.set(0, new WalkerIr.AddressRange(0, out.get(0).last()));
        }
        return out;
    }

    private List<Root> roots(List<WalkerIr.AddressRange> ranges) {
        Expr plain = Expr.REGISTER;
        if (random.nextInt(4) > 0) {
            return List.of(new Root("r0", 0, -1L, rootExpr(), "the root", line++));
        }
        long first = ranges.getFirst().first();
        long last = ranges.getLast().last();
        long split = first + (long) ((last - first) * random.nextDouble()) + 1;
        if (Long.compareUnsigned(split, first) <= 0 || Long.compareUnsigned(split, last) > 0) {
            split = last;
        }
        long gapEnd = random.nextInt(4) == 0 && split != last ? split + 1 : split;
        return List.of(
                new Root("lo", 0, split - 1, rootExpr(), "low half", line++),
                new Root("hi", gapEnd, -1L, random.nextBoolean() ? plain : rootExpr(), "high half", line++));
    }

    private Expr rootExpr() {
        return switch (random.nextInt(3)) {
            case 0 -> Expr.REGISTER;
            case 1 -> bin(AND, Expr.REGISTER, c(~0xfffL));
            default -> bin(SHL, slice(Expr.REGISTER, 47, 12), c(12));
        };
    }

    private List<Attribute> attributes() {
        List<Attribute> out = new ArrayList<>();
        int count = random.nextInt(5);
        int offset = 0;
        Attribute.Operator[] ops = Attribute.Operator.values();
        for (int i = 0; i < count; i++) {
            boolean bool = random.nextBoolean();
            int width = bool ? 1 : 2 + random.nextInt(7);
            if (random.nextInt(10) == 0 && offset == 0 && i == count - 1) {
                width = 64;
                bool = false;
            }
            if (offset + width > 64) {
                break;
            }
            out.add(new Attribute("a" + i, offset, width, ops[random.nextInt(3)], bool, "attribute " + i));
            offset += width;
        }
        return out;
    }

    private Level level(String name, int shift, int bits, boolean last, int entryBytes, List<Attribute> attributes) {
        int levelLine = line++;
        List<Rule> rules = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            boolean final_ = i == n - 1;
            // The last rule is usually unconditional; sometimes nothing matches (NO_RULE).
            Expr condition = final_ && random.nextInt(4) > 0 ? Expr.TRUE : condition(entryBytes, 0);
            int kind = random.nextInt(10);
            Rule rule;
            if (kind < 3) {
                rule = new Rule.Invalid(condition, line++);
            } else if (kind < 4) {
                rule = new Rule.Fault(condition, "fault " + name + "." + i, line++);
            } else if (!last && kind < 8) {
                rule = new Rule.Table(condition, tableAddress(entryBytes), update(attributes, entryBytes), line++);
            } else {
                rule = new Rule.Leaf(condition, leafAddress(shift, entryBytes), update(attributes, entryBytes), line++);
            }
            rules.add(rule);
        }
        return new Level(name, shift, bits, "level " + name, rules, levelLine);
    }

    private Expr tableAddress(int entryBytes) {
        Expr base = bin(SHL, slice(Expr.ENTRY, 17, 12), c(12));
        return switch (random.nextInt(6)) {
            case 0 -> bin(ADD, base, c(TABLE_ALIGN));
            case 1 -> new Expr.Conditional(bit(Expr.ENTRY, random.nextInt(entryBytes * 8)), base, c(TABLE_ALIGN * 3L));
            case 2 -> bin(AND, Expr.ENTRY, c(0x3f000L));
            default -> base;
        };
    }

    private Expr leafAddress(int shift, int entryBytes) {
        int width = entryBytes * 8;
        int lo = Math.min(shift, width - 1);
        int hi = lo + random.nextInt(width - lo);
        Expr frame = bin(SHL, slice(Expr.ENTRY, hi, lo), c(shift));
        return random.nextInt(5) == 0 ? bin(OR, frame, bin(SHL, bit(Expr.VA, 63), c(63))) : frame;
    }

    private Expr condition(int entryBytes, int depth) {
        int width = entryBytes * 8;
        int k = random.nextInt(width);
        int choice = random.nextInt(depth > 1 ? 7 : 11);
        return switch (choice) {
            case 0, 1 -> bit(Expr.ENTRY, k);
            case 2, 3 -> not(bit(Expr.ENTRY, k));
            case 4 -> {
                int hi = Math.min(width - 1, k + random.nextInt(4));
                yield bin(EQ, slice(Expr.ENTRY, hi, k), c(random.nextInt(1 << (hi - k + 1))));
            }
            case 5 -> {
                Expr.BinaryOp[] cmp = {LT, LE, GT, GE, NE};
                int hi = Math.min(width - 1, k + random.nextInt(8));
                yield bin(cmp[random.nextInt(cmp.length)], slice(Expr.ENTRY, hi, k), c(random.nextInt(1 << (hi - k + 1))));
            }
            case 6 -> bit(Expr.VA, random.nextInt(64));
            case 7 -> bin(AND_ALSO, condition(entryBytes, depth + 1), condition(entryBytes, depth + 1));
            case 8 -> bin(OR_ELSE, condition(entryBytes, depth + 1), condition(entryBytes, depth + 1));
            case 9 -> new Expr.Conditional(condition(entryBytes, depth + 1), condition(entryBytes, depth + 1),
                    condition(entryBytes, depth + 1));
            default -> bin(NE, bin(AND, Expr.ENTRY, c(random.nextLong() & (width == 64 ? -1L : 0xffff_ffffL))), c(0));
        };
    }

    /** A random value for an attribute of {@code width} bits, not yet masked. */
    private Expr value(int width, int entryBytes) {
        int ew = entryBytes * 8;
        int lo = random.nextInt(ew);
        Expr field = slice(Expr.ENTRY, Math.min(ew - 1, lo + width - 1), lo);
        return switch (random.nextInt(8)) {
            case 0 -> c(random.nextLong());
            case 1 -> new Expr.Unary(Expr.UnaryOp.INVERT, field);
            case 2 -> new Expr.Unary(Expr.UnaryOp.NEGATE, field);
            case 3 -> bin(XOR, field, c(random.nextInt(256)));
            case 4 -> bin(MUL, bin(ADD, field, c(3)), c(5));
            case 5 -> bin(SUB, field, slice(Expr.VA, 20, 13));
            case 6 -> condition(entryBytes, 1);
            default -> field;
        };
    }

    private AttributeUpdate update(List<Attribute> attributes, int entryBytes) {
        if (attributes.isEmpty() || random.nextInt(5) == 0) {
            return AttributeUpdate.NONE;
        }
        long cleared = 0;
        Expr keep = null;
        Expr put = null;
        for (Attribute a : attributes) {
            if (random.nextInt(3) == 0) {
                continue; // the entry does not change this attribute
            }
            long widthMask = a.width() == 64 ? -1L : (1L << a.width()) - 1;
            Expr v = bin(SHL, bin(AND, value(a.width(), entryBytes), c(widthMask)), c(a.offset()));
            switch (a.operator()) {
                case AND -> {
                    cleared |= a.mask();
                    keep = keep == null ? v : bin(OR, keep, v);
                }
                case OR -> put = put == null ? v : bin(OR, put, v);
                case SET -> {
                    cleared |= a.mask();
                    put = put == null ? v : bin(OR, put, v);
                }
            }
        }
        Expr keepAll = keep == null ? c(~cleared) : bin(OR, c(~cleared), keep);
        return new AttributeUpdate(keepAll, put == null ? c(0) : put);
    }
}
