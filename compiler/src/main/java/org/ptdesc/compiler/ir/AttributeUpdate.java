package org.ptdesc.compiler.ir;

/**
 * How one entry changes the packed attribute word: {@code acc = (acc & keep) | put}. An
 * {@code and} attribute contributes its value to {@code keep}, an {@code or} attribute to
 * {@code put}, a {@code set} attribute clears its bits in {@code keep} and puts its value;
 * attributes the entry does not mention keep their bits. One form for every operator keeps the
 * interpreter and the code generator to two expressions per entry.
 */
public record AttributeUpdate(Expr keep, Expr put) {

    /** The update that changes nothing. */
    public static final AttributeUpdate NONE = new AttributeUpdate(new Expr.Const(-1L), new Expr.Const(0L));

    /** Applies this update. */
    public long apply(long acc, long entry, long va) {
        return (acc & Eval.eval(keep, entry, va, 0)) | Eval.eval(put, entry, va, 0);
    }

    /** True when it changes nothing, whatever the entry. */
    public boolean isNone() {
        return keep instanceof Expr.Const k && k.value() == -1L && put instanceof Expr.Const p && p.value() == 0L;
    }
}
