package org.ptdesc.runtime.roots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The VMCOREINFO formulas, with expectations computed by hand from the kernel's definitions
 * (values in the form the kernel prints them: SYMBOL hex without 0x, NUMBER decimal, the
 * architectures' own NUMBERs with 0x).
 */
class KernelRootsTest {

    private static Map<String, String> info(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void x86_64CrIsTheSymbolMinusStartKernelMapPlusPhysBase() {
        // 0xffffffff82a0a000 - 0xffffffff80000000 = 0x2a0a000; + phys_base 16777216 (0x1000000) = 0x3a0a000.
        var k = KernelRoots.derive(info("SYMBOL(init_top_pgt)", "ffffffff82a0a000", "NUMBER(phys_base)", "16777216")).orElseThrow();
        assertEquals(0x3a0a000L, k.registers().get("cr3"));
        assertTrue(k.derivation().getFirst().contains("NUMBER(phys_base) 0x1000000"), k.derivation().toString());
    }

    @Test
    void oldX86KernelsNameInitLevel4Pgt() {
        var k = KernelRoots.derive(info("SYMBOL(init_level4_pgt)", "ffffffff81c0e000", "NUMBER(phys_base)", "0")).orElseThrow();
        assertEquals(0x1c0e000L, k.registers().get("cr3"));
    }

    @Test
    void arm64Ttbr1IsTheSymbolMinusKimageVoffsetAndTtbr0HasNoValue() {
        // 0xffff80000a0d3000 - 0xffff7fffc8000000 = 0x420d3000.
        var k = KernelRoots.derive(info("SYMBOL(swapper_pg_dir)", "ffff80000a0d3000",
                "NUMBER(kimage_voffset)", "0xffff7fffc8000000", "NUMBER(VA_BITS)", "48")).orElseThrow();
        assertEquals(Map.of("ttbr1_el1", 0x420d3000L), k.registers());
        assertTrue(k.unknown().containsKey("ttbr0_el1"));
    }

    @Test
    void riscv64SatpCarriesTheModeFromVaBitsAndThePpn() {
        // 0xffffffff81a3b000 - 0xffffffff00000000 = 0x81a3b000; PPN 0x81a3b; Sv39 MODE 8 in bits 63:60.
        var k = KernelRoots.derive(info("SYMBOL(swapper_pg_dir)", "ffffffff81a3b000",
                "NUMBER(va_kernel_pa_offset)", "0xffffffff00000000", "NUMBER(VA_BITS)", "39")).orElseThrow();
        assertEquals(0x8000_0000_0008_1a3bL, k.registers().get("satp"));
        var sv57 = KernelRoots.derive(info("SYMBOL(swapper_pg_dir)", "ffffffff81a3b000",
                "NUMBER(va_kernel_pa_offset)", "0xffffffff00000000", "NUMBER(VA_BITS)", "57")).orElseThrow();
        assertEquals(0xa000_0000_0008_1a3bL, sv57.registers().get("satp"));
    }

    @Test
    void noKnownPageDirectoryGivesNothing() {
        assertTrue(KernelRoots.derive(info("OSRELEASE", "6.1.0", "PAGESIZE", "4096")).isEmpty());
        assertTrue(KernelRoots.derive(Map.of()).isEmpty());
    }

    @Test
    void aValueThatIsNoNumberIsAnErrorNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> KernelRoots.derive(
                info("SYMBOL(init_top_pgt)", "zz\u001b[2J", "NUMBER(phys_base)", "0")));
        assertTrue(e.getMessage().contains("SYMBOL(init_top_pgt)"), e.getMessage());
    }
}
