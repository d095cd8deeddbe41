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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.testwalkers.FakePairWalker;
import org.ptdesc.runtime.testwalkers.HandWrittenArmWalker;
import org.ptdesc.runtime.testwalkers.StampedX86Walker;
import org.ptdesc.runtime.testwalkers.SwappedPairWalker;
import org.ptdesc.runtime.testwalkers.ThrowingPairWalker;

/**
 * {@link NestedWalkers#find}: pair classes listed in {@link NestedWalkers#REGISTRY} resources, served
 * here by a class loader from temporary files, over the test walkers of this module's services file.
 */
class NestedWalkersFindTest {

    private static final String FAKE = FakePairWalker.class.getName();

    @TempDir
    Path dir;

    @Test
    void findsTheListedPairClassBuiltWithBothTreesWalkers() throws IOException {
        ClassLoader loader = listings(List.of("# pairs of this jar", "", "x86_64  aarch64_4k  " + FAKE + "  # first"));
        NestedWalker nested = NestedWalkers.find("x86_64", "aarch64_4k", loader);
        FakePairWalker pair = assertInstanceOf(FakePairWalker.class, nested);
        assertInstanceOf(StampedX86Walker.class, pair.guest);
        assertInstanceOf(HandWrittenArmWalker.class, pair.host);
        assertEquals("x86_64", nested.guestInfo().name());
        assertEquals("aarch64_4k", nested.hostInfo().name());
        assertNotSame(nested, NestedWalkers.find("x86_64", "aarch64_4k", loader));
    }

    @Test
    void theFirstListingOnTheClassPathWins() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 aarch64_4k " + FAKE),
                List.of("x86_64 aarch64_4k " + ThrowingPairWalker.class.getName()));
        assertEquals(FakePairWalker.class, NestedWalkers.find("x86_64", "aarch64_4k", loader).getClass());
    }

    @Test
    void theOrderOfTheTreesMatters() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 aarch64_4k " + FAKE));
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> NestedWalkers.find("aarch64_4k", "x86_64", loader));
        assertEquals("no nested walker for 'aarch64_4k' over 'x86_64' on the class path; found: x86_64 over aarch64_4k"
                + " (pair classes generated ahead of time are listed in META-INF/ptdesc/nested-walkers;"
                + " NestedWalkers.compose composes two walkers without one)", e.getMessage());
    }

    @Test
    void noListingAtAll() throws IOException {
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> NestedWalkers.find("x86_64", "intel_ept", listings()));
        assertEquals("no nested walker for 'x86_64' over 'intel_ept' on the class path; found none"
                + " (pair classes generated ahead of time are listed in META-INF/ptdesc/nested-walkers;"
                + " NestedWalkers.compose composes two walkers without one)", e.getMessage());
    }

    @Test
    void malformedLinesAreSkippedAndNamed() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 " + FAKE, "x86_64 aarch64_4k " + FAKE));
        assertInstanceOf(FakePairWalker.class, NestedWalkers.find("x86_64", "aarch64_4k", loader));
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> NestedWalkers.find("x86_64", "x86_64", loader));
        assertTrue(e.getMessage().startsWith("no nested walker for 'x86_64' over 'x86_64' on the class path;"
                + " found: x86_64 over aarch64_4k "), e.getMessage());
        assertTrue(e.getMessage().endsWith(":1: expected 'GUEST HOST CLASS', found 'x86_64 " + FAKE + "'"),
                e.getMessage());
    }

    @Test
    void aMissingClassIsNamedWithItsListing() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 aarch64_4k com.example.GoneNestedWalker"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NestedWalkers.find("x86_64", "aarch64_4k", loader));
        assertTrue(e.getMessage().startsWith("nested walker class com.example.GoneNestedWalker for 'x86_64' over"
                + " 'aarch64_4k' (listed in file:"), e.getMessage());
        assertTrue(e.getMessage().contains(") cannot be loaded: java.lang.ClassNotFoundException"), e.getMessage());
    }

    @Test
    void aClassThatIsNoNestedWalkerIsRefused() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 aarch64_4k " + StampedX86Walker.class.getName()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NestedWalkers.find("x86_64", "aarch64_4k", loader));
        assertTrue(e.getMessage().endsWith(" is not a org.ptdesc.runtime.NestedWalker"), e.getMessage());
    }

    @Test
    void theTreesWalkersMustBeOnTheClassPath() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 intel_ept " + FAKE));
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> NestedWalkers.find("x86_64", "intel_ept", loader));
        assertTrue(e.getMessage().contains(" needs the walker of its stage 2 tree: no walker for tree 'intel_ept'"
                + " on the class path; found: "), e.getMessage());
    }

    @Test
    void aPairClassThatWalksOtherTreesIsRefused() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 aarch64_4k " + SwappedPairWalker.class.getName()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NestedWalkers.find("x86_64", "aarch64_4k", loader));
        assertTrue(e.getMessage().endsWith(" walks 'aarch64_4k' over 'x86_64'"), e.getMessage());
    }

    @Test
    void aConstructorThatThrowsIsReported() throws IOException {
        ClassLoader loader = listings(List.of("x86_64 aarch64_4k " + ThrowingPairWalker.class.getName()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NestedWalkers.find("x86_64", "aarch64_4k", loader));
        assertTrue(e.getMessage().endsWith(" cannot be instantiated: java.lang.IllegalStateException: broken on purpose"),
                e.getMessage());
    }

    @Test
    void theContextClassLoaderIsUsedByDefault() throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(listings(List.of("x86_64 aarch64_4k " + FAKE)));
            assertInstanceOf(FakePairWalker.class, NestedWalkers.find("x86_64", "aarch64_4k"));
        } finally {
            thread.setContextClassLoader(saved);
        }
        // This module's own class path lists no pair.
        assertThrows(NoSuchElementException.class, () -> NestedWalkers.find("x86_64", "aarch64_4k"));
    }

    /** A loader whose {@link NestedWalkers#REGISTRY} resources hold these lines, one listing each, in order. */
    @SafeVarargs
    private ClassLoader listings(List<String>... files) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (List<String> lines : files) {
            Path file = Files.createTempFile(dir, "nested-walkers", ".txt");
            Files.write(file, lines);
            urls.add(file.toUri().toURL());
        }
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(NestedWalkers.REGISTRY) ? Collections.enumeration(urls) : super.getResources(name);
            }
        };
    }
}
