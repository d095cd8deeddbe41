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
 *
 * <p>Pairs generated ahead of time (the Maven plugin's {@code <pairs>}) are found by
 * {@link #find(String, String)}: the generated pair class, with nothing but this runtime library.
 */
public final class NestedWalkers {

    /**
     * The resource that lists ahead-of-time pair classes, one {@code GUEST HOST CLASS} line per
     * pair (tree names, then the pair class's binary name), next to the classes.
     */
    public static final String REGISTRY = "META-INF/ptdesc/nested-walkers";

    private NestedWalkers() {}

    /**
     * The pair class generated ahead of time for guest tree {@code guest} over stage 2 tree
     * {@code host}, found in the {@link #REGISTRY} listings of the thread's context class loader
     * (or, when it has none, the loader of this class) and built with the two trees' walkers
     * ({@link Walkers#find(String)}), which its walk composes. A new instance per call.
     *
     * @throws java.util.NoSuchElementException when no listing names the pair (the message lists
     *     the pairs found), or the walker of one of its trees is not on the class path
     * @throws IllegalStateException when the listed class cannot be loaded or instantiated, is not
     *     a {@link NestedWalker}, or walks other trees than its listing says
     */
    public static NestedWalker find(String guest, String host) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return find(guest, host, context != null ? context : NestedWalkers.class.getClassLoader());
    }

    /** As {@link #find(String, String)}, among the listings and walkers visible to {@code loader}. */
    public static NestedWalker find(String guest, String host, ClassLoader loader) {
        return NestedPairListing.find(guest, host, loader);
    }

    /** {@code guest}'s tree under the stage 2 tree of {@code host}. */
    public static NestedWalker compose(TreeWalker guest, TreeWalker host) {
        return new ComposedNestedWalker(guest, host);
    }
}
