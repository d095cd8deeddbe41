package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.grammar.PtdescLexer;
import org.ptdesc.grammar.PtdescParser;

/**
 * The AArch64 and RISC-V descriptors of the library, and the entry formats they include, are
 * free of syntax errors under the grammar alone, and each library file declares the tree named
 * after it. (Checking and meaning are tested by the arm and riscv test packages.)
 */
class ArchitectureDescriptorsParseTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aarch64_4k", "aarch64_16k", "aarch64_64k", "riscv_sv32", "riscv_sv39", "riscv_sv48",
            "riscv_sv57", "common/aarch64_vmsa", "common/riscv_pte"})
    void parsesWithoutSyntaxErrors(String name) throws IOException {
        Path file = Path.of("descriptors", name + ".ptdesc");
        List<String> errors = new ArrayList<>();
        BaseErrorListener collect = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int col, String msg, RecognitionException e) {
                errors.add(file + ":" + line + ":" + col + ": " + msg);
            }
        };
        PtdescLexer lexer = new PtdescLexer(CharStreams.fromPath(file));
        lexer.removeErrorListeners();
        lexer.addErrorListener(collect);
        PtdescParser parser = new PtdescParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(collect);
        PtdescParser.FileContext tree = parser.file();
        assertEquals(List.of(), errors);

        List<String> trees = tree.declaration().stream()
                .filter(d -> d.treeDecl() != null)
                .map(d -> d.treeDecl().name.getText())
                .toList();
        if (name.startsWith("common/")) {
            assertEquals(List.of(), trees, "an included format file declares no tree");
        } else {
            assertTrue(trees.contains(name), "declares tree " + name + ": " + trees);
        }
    }
}
