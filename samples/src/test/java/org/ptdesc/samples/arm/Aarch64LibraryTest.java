package org.ptdesc.samples.arm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.samples.DocumentedTree;

/** The AArch64 descriptors check cleanly and are documented throughout. */
class Aarch64LibraryTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aarch64_4k", "aarch64_16k", "aarch64_64k"})
    void checksCleanlyAndIsDocumented(String name) {
        DocumentedTree.assertCleanAndDocumented(name);
    }
}
