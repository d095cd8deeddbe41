package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

    @Test
    void parsesDecimalHexBinaryAndSeparators() {
        assertEquals(Map.of("MAXPHYADDR", 46L, "BASE", 0x8000_0000L, "MASK", 0b1010L, "TOP", -1L),
                ParameterValues.parse(Map.of("MAXPHYADDR", " 46 ", "BASE", "0x8000_0000", "MASK", "0b1010",
                        "TOP", "0xffff_ffff_ffff_ffff")));
    }

    @Test
    void noParametersIsEmpty() {
        assertTrue(ParameterValues.parse(null).isEmpty());
    }

    @Test
    void badValueNamesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterValues.parse(Map.of("MAXPHYADDR", "forty-six")));
        assertTrue(e.getMessage().contains("MAXPHYADDR"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.parse(Map.of("X", "0x1_0000_0000_0000_0000")));
    }

    @Test
    void perDescriptorEntriesAreKeyedLikeIncludesAndListedOnce() {
        ParameterOverrides o = ParameterValues.overrides(Map.of("MAXPHYADDR", "52"),
                List.of(new java.util.AbstractMap.SimpleEntry<>(".\\x86\\x86_64.ptdesc", Map.of("MAXPHYADDR", "46"))));

        assertEquals(Map.of("MAXPHYADDR", 46L), o.offeredTo("x86/x86_64.ptdesc"));
        assertEquals(Map.of("MAXPHYADDR", 52L), o.offeredTo("other.ptdesc"));

        assertThrows(IllegalArgumentException.class, () -> ParameterValues.overrides(null, List.of(
                new java.util.AbstractMap.SimpleEntry<>("a.ptdesc", Map.of("X", "1")),
                new java.util.AbstractMap.SimpleEntry<>("./a.ptdesc", Map.of("Y", "1")))));
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.overrides(null, List.of(
                new java.util.AbstractMap.SimpleEntry<>(null, Map.of("X", "1")))));
    }
}
