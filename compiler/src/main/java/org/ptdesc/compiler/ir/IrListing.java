package org.ptdesc.compiler.ir;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A readable listing of a {@link WalkerIr}: one line per root, level and rule, expressions in
 * infix form. Golden listings of the sample descriptors make every change of the lowering show up
 * as a reviewable diff, and the listing is what to read when a walker does something unexpected.
 */
public final class IrListing {

    private IrListing() {}

    /** The listing of {@code ir}, ending with a newline. */
    public static String of(WalkerIr ir) {
        StringBuilder sb = new StringBuilder();
        sb.append("tree ").append(ir.name()).append("  // ").append(ir.sourceFile()).append(':').append(ir.line())
                .append('\n');
        sb.append("  address ").append(ir.addressBits()).append(" bits").append(ir.signExtended() ? " sign-extended" : "")
                .append(", entry ").append(ir.entryBytes() * 8).append(" bits ")
                .append(ir.bigEndian() ? "big-endian" : "little-endian").append('\n');
        sb.append("  ranges ").append(ir.ranges().stream().map(r -> hex(r.first()) + ".." + hex(r.last()))
                .collect(Collectors.joining(", "))).append('\n');
        if (ir.tagLow() != 0) {
            sb.append("  tag 63:").append(ir.tagLow()).append(", translate uses (va << ").append(64 - ir.tagLow())
                    .append(") >> ").append(64 - ir.tagLow()).append(" (arithmetic)\n");
        }
        for (Attribute a : ir.attributes()) {
            sb.append("  attribute ").append(a.name()).append(" bits ").append(a.offset() + a.width() - 1);
            if (a.width() > 1) {
                sb.append(':').append(a.offset());
            }
            sb.append(' ').append(a.operator().keyword()).append(a.bool() ? " bool" : "").append('\n');
        }
        sb.append("  attributes before the first level = ").append(hex(ir.attributeInit())).append('\n');
        for (Root r : ir.roots()) {
            sb.append("  root ").append(r.register()).append(" for ").append(hex(r.first())).append("..")
                    .append(hex(r.last())).append(" = ").append(expr(r.table())).append("  // line ")
                    .append(r.line()).append('\n');
        }
        List<Level> levels = ir.levels();
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            sb.append("  level ").append(i).append(' ').append(l.name()).append(": va bits ")
                    .append(l.shift() + l.bits() - 1).append(':').append(l.shift()).append(", ").append(l.entries())
                    .append(" entries, span ").append(hex(l.span())).append("  // line ").append(l.line()).append('\n');
            for (Rule rule : l.rules()) {
                sb.append("    ").append(rule(rule)).append("  // line ").append(rule.line()).append('\n');
            }
        }
        for (Permission.Mode m : ir.modes()) {
            sb.append("  mode ").append(m.name()).append(" bits ").append(m.offset() + m.width() - 1);
            if (m.width() > 1) {
                sb.append(':').append(m.offset());
            }
            sb.append(" default ").append(hex(m.defaultValue())).append('\n');
        }
        for (int i = 0; i < ir.permissions().size(); i++) {
            Permission p = ir.permissions().get(i);
            sb.append("  deny ").append(i).append(" \"").append(p.text()).append("\" when ").append(expr(p.condition()))
                    .append("  // line ").append(p.line()).append('\n');
        }
        return sb.toString();
    }

    private static String rule(Rule r) {
        String when = r.condition() instanceof Expr.Const c && c.value() != 0 ? "" : " when " + expr(r.condition());
        return switch (r) {
            case Rule.Invalid i -> "invalid" + when;
            case Rule.Fault f -> "fault \"" + f.message() + "\"" + when;
            case Rule.Table t -> "table" + when + " -> " + expr(t.address()) + update(t.attributes());
            case Rule.Leaf l -> "leaf" + when + " -> " + expr(l.address()) + update(l.attributes());
        };
    }

    private static String update(AttributeUpdate u) {
        return u.isNone() ? "" : "; acc = (acc & " + operand(u.keep()) + ") | " + operand(u.put());
    }

    /** An expression in infix form; every compound operand is parenthesised. */
    public static String expr(Expr e) {
        return switch (e) {
            case Expr.Const c -> hex(c.value());
            case Expr.Entry x -> "entry";
            case Expr.Va x -> "va";
            case Expr.Register x -> "register";
            case Expr.Check x -> switch (x.input()) {
                case ATTRIBUTES -> "attributes";
                case MODES -> "modes";
                case ACCESS -> "access";
                case GUEST -> "guest";
            };
            case Expr.Unary u -> switch (u.op()) {
                case NOT -> "!";
                case INVERT -> "~";
                case NEGATE -> "-";
            } + operand(u.operand());
            case Expr.Binary b -> operand(b.left()) + " " + symbol(b.op()) + " " + operand(b.right());
            case Expr.Conditional c -> operand(c.condition()) + " ? " + operand(c.then()) + " : " + operand(c.otherwise());
        };
    }

    private static String operand(Expr e) {
        return e instanceof Expr.Binary || e instanceof Expr.Conditional ? "(" + expr(e) + ")" : expr(e);
    }

    private static String symbol(Expr.BinaryOp op) {
        return switch (op) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case SHL -> "<<";
            case SHR -> ">>>";
            case AND -> "&";
            case OR -> "|";
            case XOR -> "^";
            case EQ -> "==";
            case NE -> "!=";
            case LT -> "<u";
            case LE -> "<=u";
            case GT -> ">u";
            case GE -> ">=u";
            case AND_ALSO -> "&&";
            case OR_ELSE -> "||";
        };
    }

    private static String hex(long v) {
        // Bit numbers and shift amounts read best in decimal, addresses and masks in hex.
        return v >= 0 && v <= 64 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }
}
