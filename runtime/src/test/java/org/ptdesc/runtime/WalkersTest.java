package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.testwalkers.Abi1Walker;
import org.ptdesc.runtime.testwalkers.CurrentTwinWalker;
import org.ptdesc.runtime.testwalkers.FutureAbiWalker;
import org.ptdesc.runtime.testwalkers.HandWrittenArmWalker;
import org.ptdesc.runtime.testwalkers.StampedX86Walker;

/** Walkers registered in this module's test {@code META-INF/services/org.ptdesc.runtime.TreeWalker}. */
class WalkersTest {

    private static final String SERVICES = "META-INF/services/" + TreeWalker.class.getName();

    @TempDir
    Path dir;

    @Test
    void findsAStampedWalkerByTreeName() {
        TreeWalker walker = Walkers.find("x86_64");
        assertInstanceOf(StampedX86Walker.class, walker);
        assertEquals("x86_64", walker.info().name());
        assertNotSame(walker, Walkers.find("x86_64"));
    }

    @Test
    void findsAHandWrittenWalkerByItsInfoWithoutInstantiatingStampedOnes() {
        int before = StampedX86Walker.CREATED.get();
        // FailingWalker is listed first and throws when instantiated: it must be left alone.
        assertInstanceOf(HandWrittenArmWalker.class, Walkers.find("aarch64_4k"));
        assertEquals(before, StampedX86Walker.CREATED.get());
    }

    @Test
    void unknownTreeListsTheTreesFound() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> Walkers.find("x86_65"));
        assertEquals("no walker for tree 'x86_65' on the class path;"
                + " found: aarch64_4k, failing, future, legacy, mislabelled, twin, x86_64", e.getMessage());
    }

    @Test
    void treesListsEveryTreeOnce() {
        assertEquals(List.of("aarch64_4k", "failing", "future", "legacy", "mislabelled", "twin", "x86_64"), Walkers.trees());
    }

    @Test
    void walkerForAnotherAbiIsRefusedNamingClassAndBothVersions() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Walkers.find("future"));
        assertEquals("walker class " + FutureAbiWalker.class.getName() + " for tree 'future' was generated from"
                + " future.ptdesc by ptdesc 9.9.9 for runtime ABI " + (Walkers.ABI_VERSION + 1)
                + ", but this ptdesc runtime has ABI " + Walkers.ABI_VERSION + " and runs walkers of ABI "
                + Walkers.OLDEST_ABI_VERSION + " to " + Walkers.ABI_VERSION + "; recompile the descriptor with a ptdesc whose runtime matches", e.getMessage());
    }

    @Test
    void aWalkerOfTheOldestAbiStillLoadsAndAllowsEveryAccess() {
        TreeWalker legacy = Walkers.find("legacy");
        assertInstanceOf(Abi1Walker.class, legacy);
        assertTrue(legacy.info().modes().isEmpty() && legacy.info().permissions().isEmpty());
        int userWrite = Access.WRITE | Access.USER;
        // ABI 1 walkers have no permission rules: every access is allowed, through the defaults.
        assertEquals(0x5000L, legacy.translate(null, 0L, 0x5000L, userWrite, 0L));
        assertEquals(-1, legacy.denyingRule(0, 0, userWrite, 0));
        assertTrue(legacy.translateDetailed(null, 0L, 0x5000L, Access.EXECUTE, 0L).mapped());
        List<Long> leaves = new java.util.ArrayList<>();
        legacy.walk(null, 0L, 0x5000L, 0x5fffL, userWrite, 0L, (va, pa, size, level, entry, attrs) -> leaves.add(va));
        assertEquals(List.of(0x5000L), leaves);
    }

    @Test
    void aCompatibleWalkerWinsOverAStaleOneListedBefore() {
        assertInstanceOf(CurrentTwinWalker.class, Walkers.find("twin"));
    }

    @Test
    void stampAndInfoMustAgree() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Walkers.find("mislabelled"));
        assertTrue(e.getMessage().contains("stamped for tree 'mislabelled' but its info() names tree 'other'"),
                e.getMessage());
    }

    @Test
    void aWalkerThatCannotBeInstantiatedIsReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Walkers.find("failing"));
        assertTrue(e.getMessage().startsWith("walker class org.ptdesc.runtime.testwalkers.FailingWalker for tree"
                + " 'failing' cannot be instantiated"), e.getMessage());
    }

    @Test
    void brokenEntriesDoNotHideTheOthersAndAreReported() throws IOException {
        ClassLoader loader = listing("no.such.Walker", WalkersTest.class.getName(), StampedX86Walker.class.getName());
        assertInstanceOf(StampedX86Walker.class, Walkers.find("x86_64", loader));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> Walkers.find("riscv", loader));
        assertTrue(e.getMessage().startsWith("no walker for tree 'riscv' on the class path; found: x86_64;"
                + " entries that could not be loaded: "), e.getMessage());
        assertTrue(e.getMessage().contains("no.such.Walker"), e.getMessage());
        assertTrue(e.getMessage().contains(WalkersTest.class.getName() + " not a subtype"), e.getMessage());
        assertEquals(List.of("x86_64"), Walkers.trees(loader));
    }

    @Test
    void nothingOnTheClassPath() throws IOException {
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> Walkers.find("x86_64", listing()));
        assertEquals("no walker for tree 'x86_64' on the class path; found none (walkers are listed in"
                + " META-INF/services/org.ptdesc.runtime.TreeWalker)", e.getMessage());
    }

    @Test
    void theContextClassLoaderIsUsedByDefault() throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(listing(HandWrittenArmWalker.class.getName()));
            assertEquals(List.of("aarch64_4k"), Walkers.trees());
            assertThrows(NoSuchElementException.class, () -> Walkers.find("x86_64"));
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /** A loader whose only services file for {@link TreeWalker} lists {@code classNames}. */
    private ClassLoader listing(String... classNames) throws IOException {
        Path services = Files.createTempFile(dir, "services", ".txt");
        Files.write(services, List.of(classNames));
        URL url = services.toUri().toURL();
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(SERVICES) ? Collections.enumeration(List.of(url)) : super.getResources(name);
            }
        };
    }
}
