package org.ptdesc.compiler.codegen;

import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * What the code generator relies on in an IR, checked before anything is emitted so that a
 * broken IR fails at generation with a message instead of producing a class that fails later:
 * at least one level and one root, 4- or 8-byte entries, level widths whose tables fit the
 * memory API's {@code int} sizes, and no table rule at the last level (there is no next level
 * to go to). The checker guarantees all of these for IR lowered from a descriptor.
 */
final class IrPreconditions {

    private IrPreconditions() {}

    static void check(WalkerIr ir) {
        require(!ir.levels().isEmpty(), ir, "has no levels");
        require(!ir.roots().isEmpty(), ir, "has no roots");
        require(ir.entryBytes() == 4 || ir.entryBytes() == 8, ir, "has entries of " + ir.entryBytes() + " bytes");
        for (int i = 0; i < ir.levels().size(); i++) {
            Level level = ir.levels().get(i);
            require(level.bits() >= 1 && (1L << level.bits()) * ir.entryBytes() <= Integer.MAX_VALUE, ir,
                    "level " + level.name() + " has " + level.bits() + " bits");
            require(level.shift() >= 0 && level.shift() + level.bits() <= 64, ir,
                    "level " + level.name() + " indexes bits beyond 63");
            if (i == ir.levels().size() - 1) {
                for (Rule rule : level.rules()) {
                    require(!(rule instanceof Rule.Table), ir,
                            "has a table rule at its last level " + level.name() + " (line " + rule.line() + ")");
                }
            }
        }
    }

    private static void require(boolean ok, WalkerIr ir, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("tree " + ir.name() + " " + problem);
        }
    }
}
