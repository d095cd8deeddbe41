/**
 * The runtime contract that generated walkers implement and outside tools compile against: a
 * walker ({@link org.ptdesc.runtime.TreeWalker}: translate, access-checked translate, walk with
 * a {@link org.ptdesc.runtime.WalkVisitor}, batched and parallel walks), the memory it reads
 * ({@link org.ptdesc.runtime.PhysicalMemory}), what a tree is ({@link org.ptdesc.runtime.TreeInfo}),
 * nested walks of a guest tree over a stage-2 tree ({@link org.ptdesc.runtime.NestedWalker}),
 * mappers that build trees ({@link org.ptdesc.runtime.TreeMapper}), and the lookup of walkers
 * compiled ahead of time ({@link org.ptdesc.runtime.Walkers}). It depends on nothing of ours;
 * image formats live in {@code image}, roots found in images in {@code roots}.
 */
package org.ptdesc.runtime;
