/**
 * The reference interpreter: runs a {@link org.ptdesc.compiler.ir.WalkerIr} directly, with the
 * IR's one evaluator. The generated walkers are tested against it.
 */
package org.ptdesc.compiler.interp;
