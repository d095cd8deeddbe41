package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** {@link Ptdesc#nestedWalker}: a pair class's bytes for ahead-of-time use, in the package asked for. */
class PtdescNestedWalkerTest {

    private static final Path SAMPLES = Path.of("../samples/descriptors");

    @Test
    void thePairClassIsNamedAfterBothTreesInTheGivenPackage() {
        Compilation guest = Ptdesc.compile(SAMPLES.resolve("x86_64.ptdesc"), Map.of());
        Compilation host = Ptdesc.compile(SAMPLES.resolve("intel_ept.ptdesc"), Map.of());
        CompiledWalker pair = Ptdesc.nestedWalker(guest, "x86_64", host, "intel_ept", "com.example.mmu");
        assertEquals("x86_64", pair.tree());
        assertEquals("com.example.mmu.X86_64OverIntel_EptNestedWalker", pair.className());
        assertEquals("com/example/mmu/X86_64OverIntel_EptNestedWalker.class", pair.classFile());
        ClassModel model = ClassFile.of().parse(pair.bytes());
        assertEquals("com/example/mmu/X86_64OverIntel_EptNestedWalker", model.thisClass().asInternalName());
        assertEquals(List.of("org/ptdesc/runtime/NestedWalker"),
                model.interfaces().stream().map(i -> i.asInternalName()).toList());
        assertTrue(model.methods().stream().anyMatch(m -> m.methodName().equalsString("<init>")
                && m.methodType().equalsString("(Lorg/ptdesc/runtime/TreeWalker;Lorg/ptdesc/runtime/TreeWalker;)V")));
        // Same input, same bytes: what a build writes does not change when nothing changed.
        assertArrayEquals(pair.bytes(), Ptdesc.nestedWalker(guest, "x86_64", host, "intel_ept", "com.example.mmu").bytes());
    }

    @Test
    void anUnknownTreeOrADescriptorWithErrorsIsRefused() {
        Compilation guest = Ptdesc.compile(SAMPLES.resolve("x86_64.ptdesc"), Map.of());
        Compilation host = Ptdesc.compile(SAMPLES.resolve("intel_ept.ptdesc"), Map.of());
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> Ptdesc.nestedWalker(guest, "x86_64", host, "ept", "p"));
        assertEquals(SAMPLES.resolve("intel_ept.ptdesc") + " has no tree ept", e.getMessage());
        Compilation broken = Ptdesc.compile("broken.ptdesc", "tree t {", Map.of());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> Ptdesc.nestedWalker(broken, "t", host, "intel_ept", "p"));
        assertTrue(b.getMessage().startsWith("broken.ptdesc: the descriptor has errors\nbroken.ptdesc:1:"), b.getMessage());
    }
}
