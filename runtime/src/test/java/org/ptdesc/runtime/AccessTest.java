package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Access} values and the mode word of {@link TreeInfo}. */
class AccessTest {

    private static final TreeInfo TREE = new TreeInfo("t", "", "t.ptdesc", 48, 8, List.of(), List.of(), List.of(),
            List.of(new TreeInfo.ModeInfo("WP", 0, 1, 1, "CR0.WP"),
                    new TreeInfo.ModeInfo("PKRU", 1, 32, 0, "protection-key rights")),
            List.of(new TreeInfo.PermissionInfo(0, "rule", 3)));

    @Test
    void kindsAndTheUserFlagRoundTrip() {
        for (int a : new int[] {Access.READ, Access.WRITE, Access.EXECUTE}) {
            assertTrue(Access.isValid(a));
            assertTrue(Access.isValid(a | Access.USER));
            assertEquals(a, Access.parse(Access.toString(a)));
            assertEquals(a | Access.USER, Access.parse(Access.toString(a | Access.USER)));
        }
        assertEquals("user write", Access.toString(Access.WRITE | Access.USER));
        assertEquals(Access.EXECUTE | Access.USER, Access.parse("execute", true));
    }

    @Test
    void invalidAccessesAreRefused() {
        assertFalse(Access.isValid(0));
        assertFalse(Access.isValid(Access.USER));
        assertFalse(Access.isValid(Access.READ | Access.WRITE));
        assertFalse(Access.isValid(16 | Access.READ));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Access.parse("fetch", false));
        assertEquals("unknown access kind 'fetch': expected read, write or execute", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Access.require(Access.READ | Access.EXECUTE));
    }

    @Test
    void modeWordStartsFromDefaults() {
        assertEquals(1L, TREE.defaultModes());
        assertEquals(0L, TREE.modeWord(Map.of("WP", 0L)));
        assertEquals(1L | (0xcL << 1), TREE.parseModes(List.of("PKRU=0xc")));
        assertEquals(0xffff_ffffL << 1, TREE.parseModes(List.of("WP=0", "PKRU=0b" + "1".repeat(32))));
        assertEquals(0xcL, TREE.mode("PKRU").valueIn(TREE.parseModes(List.of("PKRU=12"))));
    }

    @Test
    void modeWordErrorsNameTheMode() {
        assertEquals("mode WP of tree t is 1 bit wide: 2 is out of range 0..1",
                assertThrows(IllegalArgumentException.class, () -> TREE.modeWord(Map.of("WP", 2L))).getMessage());
        assertEquals("tree t has no mode 'SMEP'; its modes: WP, PKRU",
                assertThrows(IllegalArgumentException.class, () -> TREE.parseModes(List.of("SMEP=1"))).getMessage());
        assertEquals("mode 'WP' is not NAME=VALUE",
                assertThrows(IllegalArgumentException.class, () -> TREE.parseModes(List.of("WP"))).getMessage());
        assertEquals("mode WP: 'yes' is not a number (decimal, 0x hex or 0b binary)",
                assertThrows(IllegalArgumentException.class, () -> TREE.parseModes(List.of("WP=yes"))).getMessage());
    }
}
