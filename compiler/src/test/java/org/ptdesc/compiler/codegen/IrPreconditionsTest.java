package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/** IR that breaks what the generator relies on is refused at generation, with the reason. */
class IrPreconditionsTest {

    static WalkerIr withLevels(WalkerIr ir, List<Level> levels, int entryBytes) {
        return new WalkerIr(ir.name(), ir.doc(), ir.sourceFile(), ir.line(), ir.addressBits(), ir.signExtended(),
                ir.ranges(), ir.roots(), entryBytes, ir.bigEndian(), levels, ir.attributes(), ir.attributeInit());
    }

    @Test
    void tableRuleAtTheLastLevelIsRefused() {
        WalkerIr ir = IrFixtures.linus();
        List<Level> levels = new ArrayList<>(ir.levels());
        Level last = levels.getLast();
        levels.set(levels.size() - 1, new Level(last.name(), last.shift(), last.bits(), last.doc(),
                List.of(new Rule.Table(Expr.TRUE, Expr.ENTRY, AttributeUpdate.NONE, 99)), last.line()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WalkerGenerator.generate(withLevels(ir, levels, 8), "t.Bad"));
        assertTrue(e.getMessage().contains("table rule at its last level L1 (line 99)"), e.getMessage());
    }

    @Test
    void oddEntrySizesAndEmptyTreesAreRefused() {
        WalkerIr ir = IrFixtures.linus();
        assertThrows(IllegalArgumentException.class, () -> WalkerGenerator.generate(withLevels(ir, ir.levels(), 2), "t.Bad"));
        assertThrows(IllegalArgumentException.class, () -> WalkerGenerator.generate(withLevels(ir, List.of(), 8), "t.Bad"));
    }
}
