package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TablePool;
import org.ptdesc.runtime.TreeMapper;
import org.ptdesc.runtime.TreeWalker;

/** {@link Mappers}: a mapper from a file, used with the walker from the same file; clear errors. */
class MappersTest {

    static final Path X86 = Path.of("../samples/descriptors/x86_64.ptdesc");

    @TempDir
    Path tmp;

    @Test
    void oneDescriptorBuildsAndWalks() {
        TreeMapper mapper = Mappers.load(X86, "x86_64", Map.of());
        TreeWalker walker = Ptdesc.load(X86, "x86_64");
        try (Arena arena = Arena.ofConfined()) {
            PhysicalMemory mem = PhysicalMemory.of(arena.allocate(1 << 20, 4096));
            TablePool tables = new TablePool(mem, 0x1000, (1 << 20) - 0x1000);
            long cr3 = mapper.newRoot(mem, 0, tables);
            assertTrue(mapper.map(mem, cr3, 0x7f00_0000_0000L, 0x1234_5000L, 0x3000, 0x3, tables).ok());
            assertEquals(0x1234_6abcL, walker.translate(mem, cr3, 0x7f00_0000_1abcL));
            assertEquals(0x3, walker.translateDetailed(mem, cr3, 0x7f00_0000_2000L).attributes());
        }
        assertEquals(mapper.pageSizes(), Mappers.interpreted(X86, "x86_64", Map.of()).pageSizes());
        assertEquals((1L << 12) | (1L << 21) | (1L << 30), mapper.pageSizes());
    }

    @Test
    void errorsAreClear() throws IOException {
        assertThrows(NoSuchElementException.class, () -> Mappers.load(X86, "nope", Map.of()));
        Path bad = tmp.resolve("bad.ptdesc");
        Files.writeString(bad, """
                tree t {
                    address 21 bits; offset 12 bits; entry 64 bits;
                    root r = r << 12;
                    level L bits 9 { invalid when !entry[0]; leaf -> (entry + 4096) & ~4095; }
                }
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mappers.load(bad, "t", Map.of()));
        assertTrue(e.getMessage().contains("cannot be built"), e.getMessage());
        assertTrue(e.getMessage().contains("[P704]"), e.getMessage());
    }
}
