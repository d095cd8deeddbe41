package org.ptdesc.compiler.encode;

import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

/**
 * Finds how a function moves bits: when {@code f(x) = f(0) XOR copies(x)} for every {@code x}
 * made of the input bits {@code inputs}, with each input bit reaching at most one output bit and
 * no output bit reached twice, the copies are the function's inverse's ingredients (an address
 * expression such as {@code frame << 12}, a field, an attribute value such as {@code !APTable[0]}).
 * Probes each input bit alone, then checks the claim on random combinations (fixed seed, so a
 * compile is deterministic).
 */
final class LinearProbe {

    /** What the probe found: {@code f(0)} and the copies; {@code problem} is empty on success. */
    record Result(long zero, BitCopies copies, String problem) {
        boolean ok() {
            return problem.isEmpty();
        }
    }

    private static final int SAMPLES = 256;

    private LinearProbe() {}

    static Result probe(LongUnaryOperator f, long inputs) {
        long zero = f.applyAsLong(0);
        int[] from = new int[64];
        int[] to = new int[64];
        int n = 0;
        long used = 0;
        for (long rest = inputs; rest != 0; rest &= rest - 1) {
            int i = Long.numberOfTrailingZeros(rest);
            long d = f.applyAsLong(1L << i) ^ zero;
            if (d == 0) {
                continue;
            }
            if (Long.bitCount(d) != 1) {
                return fail(zero, "entry bit " + i + " changes several result bits (0x" + Long.toHexString(d) + ")");
            }
            if ((used & d) != 0) {
                return fail(zero, "result bit " + Long.numberOfTrailingZeros(d) + " depends on more than one entry bit");
            }
            used |= d;
            from[n] = i;
            to[n] = Long.numberOfTrailingZeros(d);
            n++;
        }
        BitCopies copies = BitCopies.ofPairs(from, to, n);
        SplittableRandom random = new SplittableRandom(0x9e3779b97f4a7c15L);
        for (int s = 0; s < SAMPLES; s++) {
            long x = random.nextLong() & inputs;
            if (f.applyAsLong(x) != (zero ^ copies.apply(x))) {
                return fail(zero, "the value is not a copy of entry bits (entry 0x" + Long.toHexString(x) + ")");
            }
        }
        return new Result(zero, copies, "");
    }

    private static Result fail(long zero, String problem) {
        return new Result(zero, BitCopies.NONE, problem);
    }
}
