/**
 * The walker IR and what works on it: {@link org.ptdesc.compiler.ir.Lowering#lower} (model to
 * one {@link org.ptdesc.compiler.ir.WalkerIr} per tree; cannot fail), the one evaluator of
 * expressions ({@link org.ptdesc.compiler.ir.Eval}), the one simplifier
 * ({@link org.ptdesc.compiler.ir.Simplifier}), the operator mapping from the language, and a
 * readable listing. The IR knows nothing of bytecode.
 */
package org.ptdesc.compiler.ir;
