/**
 * The ptdesc compiler's facade, {@link org.ptdesc.compiler.Ptdesc}: check, compile and load a
 * descriptor file. The stages are one package each and run in this order: {@code source}
 * (files, spans, diagnostics), {@code syntax} (text to syntax trees), {@code check} (syntax trees
 * to the checked {@code model}), {@code ir} (model to the walker IR, its one evaluator and its
 * one simplifier), then either {@code interp} (the reference interpreter) or {@code codegen}
 * (IR to class bytes), and {@code load} (bytes to running walkers, and the run-time cache).
 */
package org.ptdesc.compiler;
