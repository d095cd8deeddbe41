package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code <pairs>} of a configuration, as written in a POM. */
class DeclaredPairTest {

    @Test
    void sidesAreFileHashTreeWithPathsAsInIncludes() {
        List<DeclaredPair> pairs = DeclaredPair.parse(List.of(
                Map.entry(" ./x86\\x86_64.ptdesc#x86_64 ", "intel_ept.ptdesc # intel_ept")));
        DeclaredPair pair = pairs.getFirst();
        assertEquals(new PairEnd("x86/x86_64.ptdesc", "x86_64"), pair.guest());
        assertEquals(new PairEnd("intel_ept.ptdesc", "intel_ept"), pair.host());
        assertEquals("x86/x86_64.ptdesc#x86_64 over intel_ept.ptdesc#intel_ept", pair.key());
        assertEquals(1, pair.number());
    }

    @Test
    void badEntriesAreRefusedWithTheirNumber() {
        assertEquals("ptdesc: <pairs>: pair 2: <host> is missing (write FILE#TREE)", message(
                Map.entry("a.ptdesc#a", "b.ptdesc#b"), new AbstractMap.SimpleEntry<>("a.ptdesc#a", null)));
        assertEquals("ptdesc: <pairs>: pair 1: <guest> 'x86_64.ptdesc' names no tree (write FILE#TREE)",
                message(Map.entry("x86_64.ptdesc", "b.ptdesc#b")));
        assertEquals("ptdesc: <pairs>: pair 1: <guest> '#x86_64' names no descriptor file (write FILE#TREE)",
                message(Map.entry("#x86_64", "b.ptdesc#b")));
        assertEquals("ptdesc: <pairs>: pair 1: <host> 'b.ptdesc#' names no tree after '#' (write FILE#TREE)",
                message(Map.entry("a.ptdesc#a", "b.ptdesc#")));
        assertEquals("ptdesc: <pairs>: pair 2 (a.ptdesc#a over b.ptdesc#b) is declared twice",
                message(Map.entry("a.ptdesc#a", "b.ptdesc#b"), Map.entry("./a.ptdesc#a", "b.ptdesc#b")));
    }

    @SafeVarargs
    private static String message(Map.Entry<String, String>... entries) {
        return assertThrows(IllegalArgumentException.class, () -> DeclaredPair.parse(List.of(entries))).getMessage();
    }
}
