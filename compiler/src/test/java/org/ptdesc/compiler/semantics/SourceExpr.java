package org.ptdesc.compiler.semantics;

/**
 * A test's own expression of the ptdesc language, independent of the compiler's syntax, model
 * and IR classes: it renders itself as source text with only the parentheses the documented
 * precedence needs (docs/language.md, "Operators"), and evaluates itself by the documented
 * semantics. It is the oracle the whole pipeline is compared with.
 */
sealed interface SourceExpr {

    /** The two types of the language. */
    enum Type { INT, BOOL }

    Type type();

    /** Binding strength as in the manual's table: 0 for atoms and postfix slices, 13 for {@code ?:}. */
    int precedence();

    /** The source text. */
    String render();

    /** The value: an int as its 64 bits, a bool as 1 or 0. */
    long eval(Env env);

    /** What names stand for: {@code entry}, {@code va}, and parameter, field and flag values. */
    interface Env {
        long entry();

        long va();

        long name(String name);
    }

    /** An integer literal, written in {@code text} (decimal, hex or binary, perhaps with {@code _}). */
    record Literal(long value, String text) implements SourceExpr {
        public Type type() { return Type.INT; }
        public int precedence() { return 0; }
        public String render() { return text; }
        public long eval(Env env) { return value; }
    }

    /** {@code true} or {@code false}. */
    record BoolLiteral(boolean value) implements SourceExpr {
        public Type type() { return Type.BOOL; }
        public int precedence() { return 0; }
        public String render() { return Boolean.toString(value); }
        public long eval(Env env) { return value ? 1 : 0; }
    }

    /** {@code entry}, {@code va}, a parameter, a field (int) or a flag (bool). */
    record Name(String name, Type type) implements SourceExpr {
        public int precedence() { return 0; }
        public String render() { return name; }
        public long eval(Env env) {
            return switch (name) {
                case "entry" -> env.entry();
                case "va" -> env.va();
                default -> env.name(name);
            };
        }
    }

    /** {@code x[hi:lo]} (int) or {@code x[n]} (bool, when {@code single}). */
    record Slice(SourceExpr operand, int hi, int lo, boolean single) implements SourceExpr {
        public Type type() { return single ? Type.BOOL : Type.INT; }
        public int precedence() { return 0; }
        public String render() {
            String x = operand.precedence() == 0 ? operand.render() : "(" + operand.render() + ")";
            return x + (single ? "[" + hi + "]" : "[" + hi + ":" + lo + "]");
        }
        public long eval(Env env) {
            int width = hi - lo + 1;
            long shifted = operand.eval(env) >>> lo;
            return width == 64 ? shifted : shifted & ((1L << width) - 1);
        }
    }

    /** {@code !x}, {@code ~x}, {@code -x}. */
    record Unary(String op, SourceExpr operand) implements SourceExpr {
        public Type type() { return op.equals("!") ? Type.BOOL : Type.INT; }
        public int precedence() { return 2; }
        public String render() {
            String x = operand.precedence() <= 2 ? operand.render() : "(" + operand.render() + ")";
            // "- -x" and "- -5", never "--": keep the tokens apart.
            return op + (x.startsWith("-") || x.startsWith("~") || x.startsWith("!") ? " " : "") + x;
        }
        public long eval(Env env) {
            long x = operand.eval(env);
            return switch (op) {
                case "!" -> x == 0 ? 1 : 0;
                case "~" -> ~x;
                case "-" -> -x;
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** A binary operator. */
    record Binary(String op, SourceExpr left, SourceExpr right) implements SourceExpr {
        public Type type() {
            return switch (op) {
                case "*", "+", "-", "<<", ">>" -> Type.INT;
                case "&", "^", "|" -> left.type();
                default -> Type.BOOL;
            };
        }

        public int precedence() {
            return precedenceOf(op);
        }

        static int precedenceOf(String op) {
            return switch (op) {
                case "*" -> 3;
                case "+", "-" -> 4;
                case "<<", ">>" -> 5;
                case "<", "<=", ">", ">=" -> 6;
                case "==", "!=" -> 7;
                case "&" -> 8;
                case "^" -> 9;
                case "|" -> 10;
                case "&&" -> 11;
                case "||" -> 12;
                default -> throw new IllegalArgumentException(op);
            };
        }

        public String render() {
            // Left-associative: a left operand of the same level needs no parentheses, a right one does.
            String l = left.precedence() <= precedence() ? left.render() : "(" + left.render() + ")";
            String r = right.precedence() < precedence() ? right.render() : "(" + right.render() + ")";
            return l + " " + op + " " + r;
        }

        public long eval(Env env) {
            long a = left.eval(env);
            long b = right.eval(env);
            return switch (op) {
                case "*" -> a * b;
                case "+" -> a + b;
                case "-" -> a - b;
                case "<<" -> b >= 64 ? 0 : a << b;
                case ">>" -> b >= 64 ? 0 : a >>> b;
                case "<" -> Long.compareUnsigned(a, b) < 0 ? 1 : 0;
                case "<=" -> Long.compareUnsigned(a, b) <= 0 ? 1 : 0;
                case ">" -> Long.compareUnsigned(a, b) > 0 ? 1 : 0;
                case ">=" -> Long.compareUnsigned(a, b) >= 0 ? 1 : 0;
                case "==" -> a == b ? 1 : 0;
                case "!=" -> a != b ? 1 : 0;
                case "&" -> a & b;
                case "^" -> a ^ b;
                case "|" -> a | b;
                case "&&" -> a != 0 && b != 0 ? 1 : 0;
                case "||" -> a != 0 || b != 0 ? 1 : 0;
                default -> throw new IllegalStateException(op);
            };
        }
    }

    /** {@code c ? a : b}. */
    record Conditional(SourceExpr condition, SourceExpr then, SourceExpr otherwise) implements SourceExpr {
        public Type type() { return then.type(); }
        public int precedence() { return 13; }
        public String render() {
            // Right-associative: only the last operand may be another ?: without parentheses.
            String c = condition.precedence() < 13 ? condition.render() : "(" + condition.render() + ")";
            String t = then.precedence() < 13 ? then.render() : "(" + then.render() + ")";
            return c + " ? " + t + " : " + otherwise.render();
        }
        public long eval(Env env) {
            return condition.eval(env) != 0 ? then.eval(env) : otherwise.eval(env);
        }
    }

    /** A parenthesized expression kept as such in the text, and nothing else. */
    record Parens(SourceExpr inner) implements SourceExpr {
        public Type type() { return inner.type(); }
        public int precedence() { return 0; }
        public String render() { return "(" + inner.render() + ")"; }
        public long eval(Env env) { return inner.eval(env); }
    }
}
