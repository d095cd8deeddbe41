package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.source.DiagnosticCode;

/** The language manual stays true: its complete example compiles, and it lists every diagnostic code. */
class LanguageManualTest {

    static final Path MANUAL = Path.of("../docs/language.md");

    @Test
    void firstExampleCompilesCleanly() throws IOException {
        Matcher m = Pattern.compile("```ptdesc\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(MANUAL));
        assertTrue(m.find());
        Compilation c = Ptdesc.compile("example.ptdesc", m.group(1), Map.of());
        assertEquals("", c.renderDiagnostics());
        assertEquals(4, c.tree("x86_64").orElseThrow().levels().size());
    }

    @Test
    void everyDiagnosticCodeIsDocumented() throws IOException {
        String manual = Files.readString(MANUAL);
        for (DiagnosticCode code : DiagnosticCode.values()) {
            assertTrue(manual.contains("| " + code.code() + " |"), code + " (" + code.code() + ") is not in the manual");
        }
    }
}
