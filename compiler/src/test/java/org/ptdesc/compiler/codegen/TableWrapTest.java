package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Which levels get translate's wrap check: a table rule's address counts only over the entries
 * that select the rule, so a guard before it ({@code fault when entry >= C}) can prove that the
 * next table ends below 2^64; without the guard, or with a guard one entry too high, the check
 * stays. The root level is checked whenever the root is a bare register (it may hold anything).
 */
class TableWrapTest {

    private static WalkerIr compile(String name, String text) {
        Compilation c = Ptdesc.compile(name + ".ptdesc", text, Map.of());
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        return c.trees().getFirst();
    }

    private static String radix64() throws IOException {
        return Files.readString(SampleDescriptorsCodegenTest.SAMPLES.resolve("radix64.ptdesc"));
    }

    /**
     * radix64's table rule ({@code entry & ~7}) follows {@code fault when entry >= ERROR_MIN}: a
     * selecting entry is at most 0xffff_ffff_ffff_c005, its node at most 0xffff_ffff_ffff_c000,
     * whose last slot (63 * 8 = 0x1f8 above) is far below 2^64. Only the head (any register value
     * with the low two bits cleared) may wrap.
     */
    @Test
    void radix64ChecksOnlyItsHead() throws IOException {
        WalkerIr ir = compile("radix64", radix64());
        assertArrayEquals(new boolean[] {true, false, false, false, false, false}, TableWrap.levels(ir));
    }

    /** The same tree without the error-entry guard: a node pointer may be 0xffff_ffff_ffff_fffa, every level keeps its check. */
    @Test
    void radix64WithoutTheErrorGuardChecksEveryLevel() throws IOException {
        String text = radix64();
        String unguarded = text.replaceAll("(?m)^\\s*fault \"error entry[^\\n]*\\n", "");
        assertTrue(unguarded.length() < text.length(), "the guard lines were removed");
        assertFalse(unguarded.contains("entry >= ERROR_MIN"), "every guard line was removed");
        WalkerIr ir = compile("radix64", unguarded);
        assertArrayEquals(new boolean[] {true, true, true, true, true, true}, TableWrap.levels(ir));
    }

    /**
     * Two levels of 512 8-byte entries: the last entry is 511 * 8 = 0xff8 above its table. With the
     * guard at {@code 0xffff_ffff_ffff_f008} the largest selecting entry is 0x...f007, the table
     * 0x...f000 and its last entry 0x...fff8, the top 8 bytes of the space: no wrap. With the
     * guard 8 higher the table may be 0x...f008 and its last entry would be at 2^64: checked.
     */
    @Test
    void theGuardsBoundIsExact() {
        assertArrayEquals(new boolean[] {false, false}, TableWrap.levels(compile("edge", guarded("0xffff_ffff_ffff_f008"))));
        assertArrayEquals(new boolean[] {false, true}, TableWrap.levels(compile("edge", guarded("0xffff_ffff_ffff_f010"))));
    }

    private static String guarded(String limit) {
        return "tree edge {\n    address 30 bits; offset 12 bits; entry 64 bits; root r = r[51:12] << 12;\n"
                + "    level A bits 9 { invalid when !entry[0]; fault \"too high\" when entry >= " + limit + ";\n"
                + "        table -> entry[63:3] << 3; }\n"
                + "    level B bits 9 { invalid when !entry[0]; leaf -> entry[51:12] << 12; }\n}\n";
    }
}
