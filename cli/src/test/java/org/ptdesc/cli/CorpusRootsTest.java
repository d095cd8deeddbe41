package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped corpus walked without {@code --root}: the roots must come from the dump's CPU
 * notes and give exactly the walk that the case's root.txt gives. Only QEMU's x86 dumps carry
 * the control registers (a {@code QEMU} note with QEMUCPUState: CR0..CR4); its arm and riscv
 * dumps hold only NT_PRSTATUS/NT_FPREGSET (readelf -n), so for them a walk without --root must
 * fail with a clear message (tested in {@link InfoCommandTest}).
 *
 * <p>Needs the image readers' note parser ({@code ImageFile.open} returning QEMU CPU notes);
 * until that is merged, this test fails on purpose rather than being skipped.
 */
class CorpusRootsTest {

    @ParameterizedTest
    @CsvSource({"x86_64-4l-nokaslr-user", "x86_64-4l-nokaslr-idle", "x86_64-4l-nokaslr-kernel"})
    void walkWithoutRootEqualsWalkWithTheReadmeRoot(String kase) throws IOException {
        Path dir = InfoCommandTest.IMAGES.resolve(kase);
        List<String> roots = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("root.txt"))) {
            if (line.startsWith("cr3=")) {
                roots.add(line.substring(4));
            }
        }
        assertEquals(1, roots.size(), "root.txt names cr3 once");
        String image = dir.resolve("dump.elf.gz").toString();
        CliRun given = CliRun.of("walk", "--desc", CliTest.X86, "--image", image, "--root", roots.getFirst(), "--format", "tsv");
        assertEquals(0, given.status(), given.err());
        CliRun found = CliRun.of("walk", "--desc", CliTest.X86, "--image", image, "--format", "tsv");
        assertEquals(0, found.status(), found.err());
        assertTrue(found.err().contains("root cr3=" + roots.getFirst() + " from CPU 0"), found.err());
        assertEquals(given.out(), found.out());
    }
}
