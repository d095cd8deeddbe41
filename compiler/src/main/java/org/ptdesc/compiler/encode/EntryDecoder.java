package org.ptdesc.compiler.encode;

import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Decoding one entry the way the walkers do (through {@link Eval}, the one evaluator): which rule
 * matches, the address it gives, the attribute word it gives. The encoder's proofs and the
 * mapper interpreter use it; rules are evaluated at address 0 (encodable rules do not read the
 * address, which {@link EncodingDerivation} checks).
 */
public final class EntryDecoder {

    private EntryDecoder() {}

    /** The index of the first rule of {@code level} that matches {@code entry}, or -1. */
    public static int match(Level level, long entry) {
        for (int i = 0; i < level.rules().size(); i++) {
            if (Eval.eval(level.rules().get(i).condition(), entry, 0, 0) != 0) {
                return i;
            }
        }
        return -1;
    }

    /** The address a table or leaf rule gives for {@code entry}. */
    public static long address(Rule rule, long entry) {
        return switch (rule) {
            case Rule.Table t -> Eval.eval(t.address(), entry, 0, 0);
            case Rule.Leaf l -> Eval.eval(l.address(), entry, 0, 0);
            default -> throw new IllegalArgumentException("no address in " + rule);
        };
    }

    /** The top table's address for root {@code r} with register value {@code register}. */
    public static long rootTable(WalkerIr tree, int r, long register) {
        return Eval.eval(tree.roots().get(r).table(), 0, tree.roots().get(r).first(), register);
    }

    /**
     * The attribute word a leaf gives when every table above it is permissive: the leaf's update
     * applied to the tree's initial word.
     */
    public static long leafWord(WalkerIr tree, Rule.Leaf leaf, long entry) {
        return leaf.attributes().apply(tree.attributeInit(), entry, 0);
    }
}
