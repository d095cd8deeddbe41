package org.ptdesc.compiler.syntax;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.grammar.PtdescLexer;

/**
 * Looks at the token list before the parser does. It reports lexical errors (stray characters,
 * unterminated comments and strings, integer literals wider than 64 bits) once each and removes
 * the bad tokens, so the parser does not report them a second time. It also bounds what the
 * recursive-descent parser and every later recursive pass will see: bracket nesting and the
 * number of operators in one declaration. Beyond those limits the file is refused before
 * parsing, since a megabyte of {@code (} would otherwise overflow the stack.
 */
final class TokenScreen {

    /** Deepest bracket nesting accepted. */
    static final int MAX_NESTING = 256;
    /** Most operators accepted in one declaration (between {@code ;}, <code>{</code>, <code>}</code>). */
    static final int MAX_OPERATORS = 256;

    private TokenScreen() {}

    /** The tokens to parse, or null when the file must not be parsed at all. */
    static List<Token> screen(TokenSource lexer, SourceFile source, Diagnostics diagnostics) {
        List<Token> kept = new ArrayList<>();
        int depth = 0;
        int operators = 0;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (diagnostics.isFull()) {
                // Nothing more can be reported and the file will not be parsed: stop lexing
                // (ANTLR lexes non-ASCII slowly, and binary files are mostly that).
                return null;
            }
            switch (t.getType()) {
                case PtdescLexer.ERROR_CHAR -> {
                    report(diagnostics, source, t, DiagnosticCode.UNEXPECTED_CHARACTER, describe(t.getText()));
                    continue;
                }
                case PtdescLexer.UNTERMINATED_COMMENT -> {
                    report(diagnostics, source, t, DiagnosticCode.UNTERMINATED_COMMENT);
                    continue;
                }
                case PtdescLexer.UNTERMINATED_STRING -> {
                    report(diagnostics, source, t, DiagnosticCode.UNTERMINATED_STRING);
                    continue;
                }
                case PtdescLexer.INT -> {
                    if (IntegerLiteral.parse(t.getText()).isEmpty()) {
                        report(diagnostics, source, t, DiagnosticCode.INTEGER_TOO_LARGE, abbreviate(t.getText()));
                    }
                }
                default -> {
                    String text = t.getText();
                    switch (text) {
                        case "(", "[" -> {
                            if (++depth > MAX_NESTING) {
                                report(diagnostics, source, t, DiagnosticCode.NESTING_TOO_DEEP, MAX_NESTING);
                                return null;
                            }
                        }
                        case ")", "]" -> depth = Math.max(0, depth - 1);
                        case ";", "{", "}" -> operators = 0;
                        case "!", "~", "-", "*", "+", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "&", "^", "|",
                             "&&", "||", "?" -> {
                            if (++operators > MAX_OPERATORS) {
                                report(diagnostics, source, t, DiagnosticCode.EXPRESSION_TOO_LONG, MAX_OPERATORS);
                                return null;
                            }
                        }
                        default -> { }
                    }
                }
            }
            kept.add(t);
        }
        return kept;
    }

    private static void report(Diagnostics d, SourceFile source, Token t, DiagnosticCode code, Object... args) {
        d.report(code, source, source.span(t.getStartIndex(), t.getStopIndex() + 1), args);
    }

    private static String describe(String text) {
        int c = text.codePointAt(0);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd || Character.isWhitespace(c)) {
            return String.format("U+%04X", c);
        }
        return "'" + text + "'";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 20) + "..." + text.substring(text.length() - 8)
                + " (" + text.length() + " characters)";
    }
}
