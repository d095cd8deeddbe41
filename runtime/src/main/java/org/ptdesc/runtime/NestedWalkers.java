package org.ptdesc.runtime;

/**
 * Nested walkers made of two walkers that are already loaded, without the compiler: a guest's
 * (stage 1) walker and a stage 2 walker, run-time compiled, ahead-of-time generated or
 * interpreted, composed into a {@link NestedWalker}.
 *
 * <p>The composition is generic, not specialised: it runs the guest walker over a view of guest
 * physical memory made of the stage 2 pages its tables lie in, translating each missing page
 * through the stage 2 walker and running the guest walker again, so a translation costs up to
 * (levels + 1) guest translations and allocates. It gives the same answers as the compiler's
 * generated pair class ({@code Ptdesc.loadNested}), whose translate and translateDetailed are
 * each one method with the stage 2 levels inlined at every guest table read and at the final
 * address (translate allocates nothing), and whose walk is specialised likewise; use that one
 * where speed matters. One difference from the reference
 * ({@code NestedInterpreter}) in walks: a guest table that straddles stage 2 pages of which some
 * are not mapped is reported as one fault for the whole table, where the reference reports
 * the unmapped entries alone, as the generated pair class does (possible where a guest table is
 * larger than a stage 2 page: AArch64's 16 and 64 KiB granules over 4 KiB stage 2 pages).
 */
public final class NestedWalkers {

    private NestedWalkers() {}

    /** {@code guest}'s tree under the stage 2 tree of {@code host}. */
    public static NestedWalker compose(TreeWalker guest, TreeWalker host) {
        return new ComposedNestedWalker(guest, host);
    }
}
