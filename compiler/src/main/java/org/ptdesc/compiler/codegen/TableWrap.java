package org.ptdesc.compiler.codegen;

import java.util.List;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.RuleBounds;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Which levels' entry addresses can wrap past 2^64 ({@code table + index * entryBytes} above the
 * top of the physical space), decided from an unsigned upper bound of each table address. An
 * entry whose address wraps is outside memory (as the interpreter defines it), so translate must
 * check for it; real descriptors build table addresses from bounded fields ({@code frame << 12}),
 * cannot wrap, and keep their translate free of the check. A table rule's address is bounded
 * only over the entries that select the rule ({@link RuleBounds}): radix64's
 * {@code table -> entry[63:3] << 3} follows {@code fault when entry >= ERROR_MIN}, so its next
 * table ends below 2^64 and needs no check, while a root register may hold anything.
 */
final class TableWrap {

    private TableWrap() {}

    /** For each level, true when an entry address of that level may wrap. */
    static boolean[] levels(WalkerIr ir) {
        List<Level> levels = ir.levels();
        boolean[] wraps = new boolean[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            long lastOffset = ((1L << levels.get(i).bits()) - 1) * ir.entryBytes();
            // The last entry's address must not pass 2^64 - 1.
            wraps[i] = Long.compareUnsigned(largestTable(ir, i), -1L - lastOffset) > 0;
        }
        return wraps;
    }

    /** An unsigned upper bound of level {@code index}'s table address: from the roots, or the table rules above it. */
    private static long largestTable(WalkerIr ir, int index) {
        long largest = 0;
        int entryBits = ir.entryBytes() * 8;
        if (index == 0) {
            for (Root r : ir.roots()) {
                largest = maxUnsigned(largest, RuleBounds.max(r.table(), entryBits));
            }
            return largest;
        }
        Level above = ir.levels().get(index - 1);
        for (int k = 0; k < above.rules().size(); k++) {
            if (above.rules().get(k) instanceof Rule.Table t) {
                largest = maxUnsigned(largest, RuleBounds.max(above, k, t.address(), entryBits));
            }
        }
        return largest;
    }

    private static long maxUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }
}
