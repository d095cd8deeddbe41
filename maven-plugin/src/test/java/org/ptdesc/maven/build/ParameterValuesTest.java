package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
