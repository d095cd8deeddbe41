package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ptdesc.maven.staleness.Sha256;

/** {@link PtdescCompiler#compilePair} on the shipped x86-64 and EPT descriptors. */
class PtdescCompilerPairTest {

    private static final Path SAMPLES = Path.of(System.getProperty("ptdesc.samples", "../samples/descriptors"))
            .toAbsolutePath().normalize();

    private final PtdescCompiler compiler = new PtdescCompiler();

    private static PairSource side(String file, String tree, Map<String, Long> offered) {
        return new PairSource(SAMPLES.resolve(file), tree, offered, Set.of(), "the side of test pair");
    }

    @Test
    void thePairClassOfTwoShippedTreesIsGeneratedInThePackage() throws Exception {
        CompiledPair result = compiler.compilePair(side("x86_64.ptdesc", "x86_64", Map.of("MAXPHYADDR", 46L)),
                side("intel_ept.ptdesc", "intel_ept", Map.of("MAXPHYADDR", 46L, "NOT_DECLARED", 1L)), "com.example.mmu");

        assertEquals(List.of(), result.messages());
        WalkerClass pair = result.pairClass().orElseThrow();
        assertEquals("com.example.mmu.X86_64OverIntel_EptNestedWalker", pair.className());
        assertEquals("x86_64", pair.tree());
        assertEquals("intel_ept", result.hostTree());
        assertEquals("com/example/mmu/X86_64OverIntel_EptNestedWalker",
                ClassFile.of().parse(pair.bytes()).thisClass().asInternalName());
        // Every file read is recorded with the digest of its bytes, for staleness.
        assertEquals(Sha256.ofFile(SAMPLES.resolve("x86_64.ptdesc")), result.inputs().get(SAMPLES.resolve("x86_64.ptdesc")));
        assertEquals(Sha256.ofFile(SAMPLES.resolve("intel_ept.ptdesc")),
                result.inputs().get(SAMPLES.resolve("intel_ept.ptdesc")));
    }

    @Test
    void anUnknownTreeIsAnErrorNamingTheFileAndItsTrees() {
        CompiledPair result = compiler.compilePair(side("x86_64.ptdesc", "x86_64", Map.of()),
                side("intel_ept.ptdesc", "ept", Map.of()), "p");

        assertTrue(result.pairClass().isEmpty());
        assertEquals(1, result.errorCount());
        assertEquals(SAMPLES.resolve("intel_ept.ptdesc") + ": error: this descriptor has no tree 'ept', the side of"
                + " test pair; its trees: intel_ept", result.messages().getFirst().rendered());
    }
}
