package org.ptdesc.compiler.encode;

import java.util.SplittableRandom;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The compiler's proof that an encoding decodes back to itself: for every attribute word the
 * rule can hold (all of them when there are at most 2^12, else 4096 drawn with a fixed seed) and
 * for output addresses 0, the highest the entry holds and 30 drawn ones, decoding the encoded
 * entry picks this rule, gives this address and (for a leaf) this attribute word; a table entry
 * leaves the accumulated word unchanged. Whether a word is encodable (RISC-V: R = W = X = 0 is
 * a pointer, not a leaf) must not depend on the address, so a mapper can check it once per call.
 */
final class RoundTrip {

    private static final int EXHAUSTIVE_BITS = 12;
    private static final int DRAWN = 4096;

    private RoundTrip() {}

    /** The attribute words to try: {@code zeroWord} with every combination of the bits the entry holds. */
    static long[] words(BitCopies attributes, long zeroWord, int drawn) {
        return words(attributes, zeroWord, EXHAUSTIVE_BITS, drawn);
    }

    /** As {@link #words(BitCopies, long, int)}: every combination up to {@code exhaustiveBits} bits, else {@code drawn} ones. */
    static long[] words(BitCopies attributes, long zeroWord, int exhaustiveBits, int drawn) {
        long holds = attributes.sourceMask();
        int n = Long.bitCount(holds);
        if (n <= exhaustiveBits) {
            long[] out = new long[1 << n];
            for (int i = 0; i < out.length; i++) {
                out[i] = zeroWord ^ Long.expand(i, holds);
            }
            return out;
        }
        SplittableRandom random = new SplittableRandom(n);
        long[] out = new long[drawn];
        for (int i = 0; i < out.length; i++) {
            out[i] = zeroWord ^ (random.nextLong() & holds);
        }
        return out;
    }

    /**
     * Output addresses to try: 0, the highest the entry holds, one bit at a time from the middle
     * of the range, and drawn ones (seeded).
     */
    static long[] addresses(BitCopies address, long seed) {
        long holds = address.sourceMask();
        long[] pas = new long[32];
        pas[1] = holds;
        pas[2] = Long.highestOneBit(holds) >>> 1 & holds;
        pas[3] = Long.lowestOneBit(holds) << 12 & holds;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 4; i < pas.length; i++) {
            pas[i] = random.nextLong() & holds;
        }
        return pas;
    }

    /** An empty string when the proof holds, else what failed. */
    static String prove(WalkerIr tree, int l, MapperIr.RuleEncoding e) {
        Level level = tree.levels().get(l);
        Rule rule = level.rules().get(e.rule());
        long[] pas = addresses(e.address(), l * 31L + e.rule());
        if (rule instanceof Rule.Table t) {
            int matched = 0;
            for (long pa : pas) {
                long entry = e.encode(pa, e.zeroWord());
                if (EntryDecoder.match(level, entry) != e.rule()) {
                    continue; // such a table address is refused at run time: the mapper decodes what it writes
                }
                matched++;
                if (EntryDecoder.address(rule, entry) != pa) {
                    return "table 0x" + Long.toHexString(pa) + " encodes as 0x" + Long.toHexString(entry);
                }
                if (Eval.eval(t.attributes().keep(), entry, 0, 0) != -1L || Eval.eval(t.attributes().put(), entry, 0, 0) != 0) {
                    return "the table entry 0x" + Long.toHexString(entry) + " changes the accumulated attributes";
                }
            }
            return matched > 0 ? "" : "no table address encodes as this rule";
        }
        Rule.Leaf leaf = (Rule.Leaf) rule;
        int valid = 0;
        for (long word : words(e.attributes(), e.zeroWord(), DRAWN)) {
            boolean first = EntryDecoder.match(level, e.encode(0, word)) == e.rule();
            for (long pa : pas) {
                long entry = e.encode(pa, word);
                boolean matches = EntryDecoder.match(level, entry) == e.rule();
                if (matches != first) {
                    return "whether attribute word 0x" + Long.toHexString(word) + " can be encoded depends on the address";
                }
                if (matches && (EntryDecoder.address(rule, entry) != pa || EntryDecoder.leafWord(tree, leaf, entry) != word)) {
                    return "address 0x" + Long.toHexString(pa) + " with attributes 0x" + Long.toHexString(word)
                            + " encodes as 0x" + Long.toHexString(entry) + ", which decodes to address 0x"
                            + Long.toHexString(EntryDecoder.address(rule, entry)) + " and attributes 0x"
                            + Long.toHexString(EntryDecoder.leafWord(tree, leaf, entry));
                }
            }
            valid += first ? 1 : 0;
        }
        return valid > 0 ? "" : "no attribute word encodes as this rule";
    }
}
