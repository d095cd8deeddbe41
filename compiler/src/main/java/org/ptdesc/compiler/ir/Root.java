package org.ptdesc.compiler.ir;

/**
 * A root: the register that holds it, the unsigned inclusive address range it translates, and
 * the expression (over {@link Expr.Register}) giving the physical address of the top table.
 */
public record Root(String register, long first, long last, Expr table, String doc, int line) {}
