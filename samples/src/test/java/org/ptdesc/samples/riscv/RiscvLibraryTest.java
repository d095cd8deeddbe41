package org.ptdesc.samples.riscv;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.samples.DocumentedTree;

/** The RISC-V descriptors check cleanly and are documented throughout. */
class RiscvLibraryTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"riscv_sv32", "riscv_sv39", "riscv_sv48", "riscv_sv57"})
    void checksCleanlyAndIsDocumented(String name) {
        DocumentedTree.assertCleanAndDocumented(name);
    }
}
