package org.ptdesc.maven.staleness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildConfigurationTest {

    private static BuildConfiguration config(String pkg, Map<String, Long> params) {
        return new BuildConfiguration("1.0", "c1", pkg, params);
    }

    @Test
    void digestIgnoresTheOrderOfParameters() {
        Map<String, Long> ab = new LinkedHashMap<>();
        ab.put("A", 1L);
        ab.put("B", 2L);
        Map<String, Long> ba = new LinkedHashMap<>();
        ba.put("B", 2L);
        ba.put("A", 1L);

        assertEquals(config("p", ab).digest(), config("p", ba).digest());
    }

    @Test
    void digestChangesWithEveryPartOfTheConfiguration() {
        String base = config("p", Map.of("A", 1L)).digest();

        assertNotEquals(base, config("q", Map.of("A", 1L)).digest());
        assertNotEquals(base, config("p", Map.of("A", 2L)).digest());
        assertNotEquals(base, config("p", Map.of()).digest());
        assertNotEquals(base, new BuildConfiguration("1.1", "c1", "p", Map.of("A", 1L)).digest());
        assertNotEquals(base, new BuildConfiguration("1.0", "c2", "p", Map.of("A", 1L)).digest());
    }
}
