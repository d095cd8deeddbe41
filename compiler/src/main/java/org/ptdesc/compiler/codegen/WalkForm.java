package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;

/**
 * The shapes of generated walk, which differ only in who receives the events: the per-event
 * {@link org.ptdesc.runtime.WalkVisitor} ({@code walk}, called through its interface), or a
 * {@link org.ptdesc.runtime.LeafBatch} ({@code walkBatched}), a final class whose methods have
 * the visitor's signatures and are called directly, so the JIT inlines the stores into the
 * batch's arrays whatever else the program walks with; and {@code walkApart}, the per-event
 * walk again under other names, so that the JIT profiles a walk the runtime makes for its own
 * ends (the cutting walk of a parallel walk, which enters every table and returns at once
 * from the last level's) apart from the program's walks; like the batched form, it steps over
 * runs of invalid entries in a loop of its own ({@link #scansInvalidRuns}). The level methods,
 * rules, holes and clipping are emitted once, by {@link LevelWalkEmitter}, for all.
 */
enum WalkForm {
    PER_EVENT("walk", RuntimeTypes.VISITOR, INVOKEINTERFACE),
    BATCHED("batch", RuntimeTypes.LEAF_BATCH, INVOKEVIRTUAL),
    APART("apart", RuntimeTypes.VISITOR, INVOKEINTERFACE);

    private final String prefix;
    private final String target;
    private final int invoke;

    WalkForm(String prefix, String target, int invoke) {
        this.prefix = prefix;
        this.target = target;
        this.invoke = invoke;
    }

    /** The start of the level methods' names ({@code walk0_PML4}, {@code batch0_PML4}). */
    String prefix() {
        return prefix;
    }

    /** A level method's descriptor: (mem, table, first, last, receiver, attributes) -> continue? */
    String levelDescriptor() {
        return "(" + RuntimeTypes.MEMORY_D + "JJJL" + target + ";J)Z";
    }

    /**
     * Whether a level's loop gets a loop of its own over a run of invalid entries. Not the
     * per-event walk: there it made the largest bundled image's per-leaf walk 20 to 30% slower;
     * the cutting walk ({@code walkApart}) it made twice as fast (bench/RESULTS.md).
     */
    boolean scansInvalidRuns() {
        return this != PER_EVENT;
    }

    /** Calls event {@code name} ({@code leaf}, {@code hole}, ...) on the receiver below its arguments. */
    void call(MethodVisitor mv, String name, String descriptor) {
        mv.visitMethodInsn(invoke, target, name, descriptor, invoke == INVOKEINTERFACE);
    }
}
