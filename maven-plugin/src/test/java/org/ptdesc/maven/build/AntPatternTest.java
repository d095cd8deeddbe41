package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AntPatternTest {

    @Test
    void doubleStarSlashMatchesZeroOrMoreDirectories() {
        AntPattern p = AntPattern.of("**/*.ptdesc");

        assertTrue(p.matches("x86_64.ptdesc"));
        assertTrue(p.matches("arch/x86/x86_64.ptdesc"));
        assertFalse(p.matches("x86_64.ptdesc.bak"));
        assertFalse(p.matches("notes.txt"));
    }

    @Test
    void singleStarStaysInOneDirectory() {
        AntPattern p = AntPattern.of("arch/*.ptdesc");

        assertTrue(p.matches("arch/a.ptdesc"));
        assertFalse(p.matches("arch/x86/a.ptdesc"));
        assertFalse(p.matches("a.ptdesc"));
    }

    @Test
    void trailingSlashMeansEverythingBelow() {
        AntPattern p = AntPattern.of("common/");

        assertTrue(p.matches("common/x86_entry.ptdesc"));
        assertTrue(p.matches("common/deep/er.ptdesc"));
        assertFalse(p.matches("commonplace.ptdesc"));
    }

    @Test
    void questionMarkIsOneCharacterAndDotsAreLiteral() {
        AntPattern p = AntPattern.of("sv?9.ptdesc");

        assertTrue(p.matches("sv39.ptdesc"));
        assertFalse(p.matches("sv399.ptdesc"));
        assertFalse(p.matches("sv39xptdesc"));
    }
}
