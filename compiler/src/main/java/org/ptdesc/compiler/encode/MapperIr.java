package org.ptdesc.compiler.encode;

import java.util.List;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * What a mapper needs besides the decoding IR: per level, how to write an invalid entry, a
 * table entry and a leaf entry, and per root, how to turn a top table's address into the
 * register value. Derived and proven by {@link EncodingDerivation}; read by the mapper
 * interpreter and the mapper generator alike.
 *
 * @param levels one per level of {@code tree}, from the top
 * @param roots one per root of {@code tree}, in declaration order
 */
public record MapperIr(WalkerIr tree, List<LevelEncoding> levels, List<RootEncoding> roots) {

    public MapperIr {
        levels = List.copyOf(levels);
        roots = List.copyOf(roots);
    }

    /**
     * One level: the entry value that decodes as invalid, the table and leaf encodings (null
     * when the level has none the encoder can write), and the size and alignment of this level's
     * own table (what the allocator is asked for).
     */
    public record LevelEncoding(long invalidEntry, RuleEncoding table, RuleEncoding leaf, long tableBytes,
            long tableAlignment) {}

    /**
     * How to write one rule's entries: {@code base | address(pa) | attributes(word ^ zeroWord)}.
     * {@code rule} is the rule's index in its level. {@code address} copies output-address bits
     * into the entry; {@code attributes} copies attribute-word bits into the entry (none for a
     * table entry, whose attribute bits are fixed in {@code base} at the permissive value);
     * {@code zeroWord} is the attribute word the entry decodes to when none of those bits are
     * set; only attribute bits in {@code attributes.sourceMask()} can differ from it.
     */
    public record RuleEncoding(int rule, long base, BitCopies address, BitCopies attributes, long zeroWord) {

        /** The entry for output address {@code pa} and attribute word {@code word}. */
        public long encode(long pa, long word) {
            return base | address.apply(pa) | attributes.apply(word ^ zeroWord);
        }

        /** True when {@code pa} has no bit the entry cannot hold. */
        public boolean holds(long pa) {
            return (pa & ~address.sourceMask()) == 0;
        }

        /** True when {@code word} differs from {@code zeroWord} only in bits the entry can hold. */
        public boolean reaches(long word) {
            return ((word ^ zeroWord) & ~attributes.sourceMask()) == 0;
        }
    }

    /** A root: the register value for a top table at {@code pa} is {@code register.apply(pa)}. */
    public record RootEncoding(BitCopies register, long tableBytes, long tableAlignment) {
        /** True when a top table at {@code pa} can be named by the register. */
        public boolean holds(long pa) {
            return (pa & ~register.sourceMask()) == 0;
        }
    }
}
