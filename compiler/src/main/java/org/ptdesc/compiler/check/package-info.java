/**
 * The checking stage: syntax trees to the checked {@link org.ptdesc.compiler.model.Model}.
 * Entry point: {@link org.ptdesc.compiler.check.Checker#check}, which loads includes, resolves
 * names, folds parameters, types expressions, lays out levels and attributes, and analyses
 * rules; it returns a model only when it reported no error. Constants are folded, and rule
 * reachability decided, with the IR's one evaluator, so checking and running cannot disagree.
 */
package org.ptdesc.compiler.check;
