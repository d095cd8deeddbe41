/**
 * The bytecode back end: compiles the IR of one tree ({@link org.ptdesc.compiler.ir.WalkerIr})
 * into a JVM class implementing {@link org.ptdesc.runtime.TreeWalker}, with ASM. It only emits:
 * loading lives in {@code load}, simplification in {@code ir}.
 *
 * <p>Entry points: {@link org.ptdesc.compiler.codegen.WalkerGenerator#generate} (IR to class
 * bytes, deterministic). The rest is one emitter per concern:
 * the class's {@code TreeInfo} ({@code InfoEmitter}); {@code translate} ({@code TranslateEmitter})
 * and {@code translateDetailed} ({@code DetailedTranslateEmitter}), both made of untagging the
 * address when the tree has a tag ({@code Untag}), the root choice
 * ({@code RootDispatchEmitter}, {@code RangeTestEmitter}) and one straight-line block per level
 * ({@code LevelBlockEmitter}); the plain {@code translate} kept within the JIT's inlining budget
 * by {@code TranslatePlanner}, which gives levels fast accepts ({@code TranslatePlan}, tested by
 * {@code RegionBranch}, regions from the IR's {@code RegionSearch}) and, where it still fits,
 * reading a flat memory's segment directly ({@code TranslatePlan.flatReads}, other memory going
 * to a twin that reads through it); {@code walk} ({@code WalkEmitter}) with one method per level
 * ({@code LevelWalkEmitter}, its visitor calls in
 * {@code WalkEvents}); and expressions ({@code ExprEmitter}, after the IR's
 * {@code Simplifier}). Every method is opened and closed by {@code GeneratedMethod}, which
 * also writes the overloads by root count, and its locals come from {@code LocalSlots}. ASM
 * types stay in this package.
 */
package org.ptdesc.compiler.codegen;
