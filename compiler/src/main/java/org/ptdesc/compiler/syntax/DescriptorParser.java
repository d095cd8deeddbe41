package org.ptdesc.compiler.syntax;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.grammar.PtdescLexer;
import org.ptdesc.grammar.PtdescParser;

/**
 * The syntax stage: text to {@link SyntaxTree}. Lexical and syntax errors become located
 * diagnostics; no ANTLR type leaves this package.
 */
public final class DescriptorParser {

    private DescriptorParser() {}

    /**
     * Parses {@code source}. Returns the tree when the file has no lexical or syntax error, else
     * empty (with every error reported, up to the cap).
     */
    public static Optional<SyntaxTree> parse(SourceFile source, Diagnostics diagnostics) {
        // Lexical and syntax errors are found in two passes; people read them in line order.
        Diagnostics local = new Diagnostics();
        Optional<SyntaxTree> tree = parseInto(source, local);
        local.all().stream()
                .sorted(Comparator.comparingInt((Diagnostic d) -> d.span().hasPosition() ? d.span().line() : Integer.MAX_VALUE)
                        .thenComparingInt(d -> d.span().column()))
                .forEach(diagnostics::add);
        return local.hasErrors() || diagnostics.isFull() ? Optional.empty() : tree;
    }

    /**
     * True when {@code source} starts like a descriptor: it has no token at all (comments only),
     * or its first two tokens begin a declaration ({@code include "..."}, {@code param NAME},
     * {@code format NAME}, {@code tree NAME}). The second half of the rule that keeps the content
     * of an included file that is no descriptor out of diagnostics (see
     * {@link org.ptdesc.compiler.source.DescriptorText}): secrets, configuration and data files
     * do not start that way, and nothing of them is parsed or quoted when they do not.
     */
    public static boolean startsWithDeclaration(SourceFile source) {
        PtdescLexer lexer = new PtdescLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        Token first = lexer.nextToken();
        if (first.getType() == Token.EOF) {
            return true;
        }
        int second = lexer.nextToken().getType();
        return switch (first.getType()) {
            case PtdescLexer.INCLUDE -> second == PtdescLexer.STRING;
            case PtdescLexer.PARAM, PtdescLexer.FORMAT, PtdescLexer.TREE -> second == PtdescLexer.ID;
            default -> false;
        };
    }

    private static Optional<SyntaxTree> parseInto(SourceFile source, Diagnostics diagnostics) {
        int before = diagnostics.errorCount();
        PtdescLexer lexer = new PtdescLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        List<Token> screened = TokenScreen.screen(lexer, source, diagnostics);
        if (screened == null) {
            return Optional.empty();
        }
        CommonTokenStream stream = new CommonTokenStream(new ListTokenSource(screened, source.name()));
        PtdescParser parser = new PtdescParser(stream);
        parser.removeErrorListeners();
        // Two-stage parsing (the ANTLR book's advice): the fast SLL mode with bail-out first, and
        // only when it fails the full LL mode with error recovery and reporting.
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return Optional.of(new TreeBuilder(source).file(parser.file()));
        } catch (ParseCancellationException e) {
            stream.seek(0);
            parser.reset();
        }
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        SyntaxErrorStrategy strategy = new SyntaxErrorStrategy(source, diagnostics);
        parser.setErrorHandler(strategy);
        PtdescParser.FileContext file;
        try {
            file = parser.file();
        } catch (SyntaxErrorStrategy.Abandon e) {
            return Optional.empty();
        }
        if (diagnostics.errorCount() > before || diagnostics.isFull() || strategy.errors() > 0) {
            return Optional.empty();
        }
        return Optional.of(new TreeBuilder(source).file(file));
    }
}
