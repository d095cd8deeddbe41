package org.ptdesc.compiler.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.grammar.PtdescLexer;
import org.ptdesc.grammar.PtdescParser;

/**
 * ANTLR's recovery with messages for people: "unexpected 'x'; expected ';'" instead of token
 * sets, every expression start folded into "an expression", and a missing token located just
 * after the token it should follow (where the user has to type it).
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

    /** Thrown to abandon the parse once the diagnostics are full. */
    static final class Abandon extends RuntimeException {
        Abandon() {
            super(null, null, false, false);
        }
    }

    private static final Set<Integer> EXPRESSION_STARTS = Set.of(PtdescLexer.INT, PtdescLexer.ID, PtdescLexer.TRUE,
            PtdescLexer.FALSE, PtdescLexer.ENTRY, PtdescLexer.VA);

    private final SourceFile source;
    private final Diagnostics diagnostics;
    private int errors;
    private int lastLine = -1;

    SyntaxErrorStrategy(SourceFile source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    @Override
    protected void reportNoViableAlternative(Parser p, NoViableAltException e) {
        unexpected(p, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser p, InputMismatchException e) {
        unexpected(p, e.getOffendingToken(), e.getExpectedTokens());
    }

    /**
     * An unexpected token. When a ';' would have done and the token starts a new line, the
     * user forgot the ';' at the end of the previous line: say so, there.
     */
    private void unexpected(Parser p, Token t, IntervalSet expected) {
        Token previous = previous(p, t);
        if (t.getType() == Token.EOF) {
            String wanted = expected != null && expected.contains(p.getTokenType("'}'")) ? "; expected '}'"
                    : expected(p, expected);
            report(previous != null ? source.pointAfter(previous.getStopIndex() + 1) : at(t),
                    "unexpected end of file" + wanted);
            return;
        }
        if (expected != null && expected.contains(semicolon(p)) && previous != null
                && t.getLine() > previous.getLine()) {
            report(source.pointAfter(previous.getStopIndex() + 1), "expected ';' after " + describe(previous));
            return;
        }
        report(at(t), "unexpected " + describe(t) + expected(p, expected));
    }

    private static Token previous(Parser p, Token t) {
        int i = t.getTokenIndex();
        if (i <= 0) {
            return null;
        }
        Token prev = p.getInputStream().get(i - 1);
        return prev.getType() == Token.EOF ? null : prev;
    }

    private static int semicolon(Parser p) {
        return p.getTokenType("';'");
    }

    @Override
    protected void reportFailedPredicate(Parser p, FailedPredicateException e) {
        Token t = e.getOffendingToken();
        report(at(t), "unexpected " + describe(t));
    }

    @Override
    protected void reportUnwantedToken(Parser p) {
        if (inErrorRecoveryMode(p)) {
            return;
        }
        beginErrorCondition(p);
        unexpected(p, p.getCurrentToken(), getExpectedTokens(p));
    }

    @Override
    protected void reportMissingToken(Parser p) {
        if (inErrorRecoveryMode(p)) {
            return;
        }
        beginErrorCondition(p);
        Token t = p.getCurrentToken();
        Token previous = p.getInputStream().index() > 0 ? p.getInputStream().LT(-1) : null;
        String wanted = names(p, getExpectedTokens(p));
        if (previous != null && previous.getType() != Token.EOF) {
            report(source.pointAfter(previous.getStopIndex() + 1),
                    "expected " + wanted + " after " + describe(previous));
        } else {
            report(at(t), "expected " + wanted + " before " + describe(t));
        }
    }

    private void report(SourceSpan span, String message) {
        if (diagnostics.isFull()) {
            throw new Abandon();
        }
        errors++;
        // After recovery the parser often trips again over the rest of the same line; only the
        // first error of a line says something the user does not know yet.
        if (span.line() == lastLine) {
            return;
        }
        lastLine = span.line();
        diagnostics.report(DiagnosticCode.SYNTAX_ERROR, source, span, message);
    }

    /** Number of syntax errors seen, whether or not the sink kept them. */
    int errors() {
        return errors;
    }

    private SourceSpan at(Token t) {
        if (t.getType() == Token.EOF) {
            return source.span(source.length(), source.length() + 1);
        }
        return source.span(t.getStartIndex(), t.getStopIndex() + 1);
    }

    private static String describe(Token t) {
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        String text = t.getText();
        if (text.length() > 24) {
            text = text.substring(0, 20) + "...";
        }
        return "'" + text + "'";
    }

    private static String expected(Parser p, IntervalSet set) {
        String names = names(p, set);
        return names.isEmpty() ? "" : "; expected " + names;
    }

    /** The expected tokens as people say them, or "" when there are too many to be useful. */
    private static String names(Parser p, IntervalSet set) {
        if (set == null) {
            return "";
        }
        Vocabulary v = p.getVocabulary();
        List<Integer> types = set.toList();
        boolean expression = types.contains(PtdescLexer.INT) && types.contains(PtdescLexer.ID);
        long operatorCount = types.stream().filter(t -> isOperator(v, t)).count();
        boolean operators = operatorCount >= 3;
        List<String> names = new ArrayList<>();
        if (expression) {
            names.add("an expression");
        }
        if (operators) {
            names.add("an operator");
        }
        for (int type : types) {
            if (expression && (EXPRESSION_STARTS.contains(type) || isExpressionStartLiteral(v, type))) {
                continue;
            }
            if (operators && isOperator(v, type)) {
                continue;
            }
            if (type == PtdescLexer.ID && p.getContext() instanceof PtdescParser.MappingRuleContext) {
                names.add("'sets'"); // after a rule's address a name can only be the contextual keyword
                continue;
            }
            names.add(name(v, type));
        }
        if (names.size() > 8 && p.getContext() instanceof PtdescParser.TreeDeclContext) {
            return "a tree declaration (such as 'address', 'root', 'field' or 'level') or '}'";
        }
        if (names.isEmpty() || names.size() > 8) {
            return "";
        }
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }

    /** Binary operators, '[' and '?': what may continue an expression. */
    private static boolean isOperator(Vocabulary v, int type) {
        String literal = v.getLiteralName(type);
        return literal != null && Set.of("'['", "'?'", "'*'", "'+'", "'-'", "'<<'", "'>>'", "'<'", "'<='", "'>'",
                "'>='", "'=='", "'!='", "'&'", "'^'", "'|'", "'&&'", "'||'").contains(literal);
    }

    private static boolean isExpressionStartLiteral(Vocabulary v, int type) {
        String literal = v.getLiteralName(type);
        return literal != null && Set.of("'('", "'!'", "'~'", "'-'").contains(literal);
    }

    private static String name(Vocabulary v, int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case PtdescLexer.ID -> "a name";
            case PtdescLexer.INT -> "an integer";
            case PtdescLexer.STRING -> "a string";
            case PtdescLexer.BITS -> "'bits'";
            default -> {
                String literal = v.getLiteralName(type);
                yield literal != null ? literal : v.getDisplayName(type);
            }
        };
    }
}
