package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Finds ahead-of-time walkers (compiled by {@code ptdesc compile} or the Maven plugin) on the
 * class path by tree name, with nothing but this runtime library.
 *
 * <p>Mechanism: walkers are {@link ServiceLoader} providers of {@link TreeWalker}. The compiler
 * gives each generated class a public no-argument constructor and the {@link GeneratedWalker}
 * annotation, and lists it in {@code META-INF/services/org.ptdesc.runtime.TreeWalker} next to
 * the classes (a module may instead declare {@code provides org.ptdesc.runtime.TreeWalker with
 * ...}). {@link #find(String, ClassLoader)} goes through the providers in class-path order.
 * An annotated class is matched by {@link GeneratedWalker#tree()} without being instantiated;
 * a class without the annotation (a hand-written walker) is instantiated and matched by
 * {@code info().name()}. The first match whose {@link GeneratedWalker#abi()} lies in
 * {@link #OLDEST_ABI_VERSION}..{@link #ABI_VERSION} (or that has no annotation) is instantiated
 * and returned: a new
 * instance per call, which costs nothing since walkers are stateless.
 *
 * <p>Failures: an unknown name throws {@link NoSuchElementException} whose message lists the
 * trees found (and the provider entries that could not be loaded); a tree whose only walkers
 * were generated for another ABI, or whose walker cannot be instantiated, throws
 * {@link IllegalStateException} naming the class and, for ABI mismatches, both versions.
 */
public final class Walkers {

    /**
     * The version of the contract between generated walkers and this runtime. The compiler
     * stamps it into {@link GeneratedWalker#abi()}; it changes whenever generated code written
     * for one runtime could fail to link against, or misbehave with, the other.
     */
    public static final int ABI_VERSION = 3;

    /**
     * The oldest ABI whose walkers this runtime still runs. ABI 2 added access checks
     * ({@link TreeWalker#DENIED}, mode words, permission rules); walkers of ABI 1 have no rules
     * and get the access-checked methods from {@link TreeWalker}'s defaults, and their
     * {@link TreeInfo} constructor is kept. ABI 3 walkers hand a batched walk's tables to a
     * {@link RunVisitor} as {@link EntryRun}s ({@link LeafBatch#start(RunDecoder)},
     * {@link LeafBatch#deliverRun}); walkers of ABI 1 and 2 fill the batch with every event.
     * An older runtime refuses walkers of a newer ABI, which call methods it does not have.
     */
    public static final int OLDEST_ABI_VERSION = 1;

    /** Broken provider entries tolerated before the search gives up, in case the lookup cannot move past one. */
    private static final int MAX_PROBLEMS = 100;

    private Walkers() {}

    /**
     * The walker for {@code tree}, found with the thread's context class loader (or, when it
     * has none, the loader of this class), as {@link ServiceLoader#load(Class)} does.
     *
     * @throws NoSuchElementException if no walker for {@code tree} is on the class path
     * @throws IllegalStateException if the walkers found for {@code tree} were all generated
     *     for another {@link #ABI_VERSION}, or one cannot be instantiated
     */
    public static TreeWalker find(String tree) {
        return find(tree, defaultLoader());
    }

    /**
     * The walker for {@code tree} among the providers visible to {@code loader}.
     *
     * @throws NoSuchElementException if no walker for {@code tree} is visible
     * @throws IllegalStateException if the walkers found for {@code tree} were all generated
     *     for another {@link #ABI_VERSION}, or one cannot be instantiated
     */
    public static TreeWalker find(String tree, ClassLoader loader) {
        Objects.requireNonNull(tree, "tree");
        SortedSet<String> found = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        String incompatible = null;
        for (Iterator<ServiceLoader.Provider<TreeWalker>> it = providers(loader); hasNext(it, problems); ) {
            ServiceLoader.Provider<TreeWalker> provider;
            try {
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(e.getMessage());
                continue;
            }
            Class<? extends TreeWalker> type = provider.type();
            GeneratedWalker stamp = type.getAnnotation(GeneratedWalker.class);
            if (stamp == null) {
                TreeWalker walker = instantiate(provider, problems);
                if (walker != null) {
                    found.add(walker.info().name());
                    if (walker.info().name().equals(tree)) {
                        return walker;
                    }
                }
                continue;
            }
            found.add(stamp.tree());
            if (!stamp.tree().equals(tree)) {
                continue;
            }
            if (stamp.abi() < OLDEST_ABI_VERSION || stamp.abi() > ABI_VERSION) {
                if (incompatible == null) {
                    incompatible = abiMismatch(type, stamp);
                }
                continue;
            }
            return checked(type, tree, provider);
        }
        if (incompatible != null) {
            throw new IllegalStateException(incompatible);
        }
        throw new NoSuchElementException(notFound(tree, found, problems));
    }

    /** The names of the trees whose walkers {@link #find(String)} can see, sorted. */
    public static List<String> trees() {
        return trees(defaultLoader());
    }

    /** The names of the trees whose walkers are visible to {@code loader}, sorted. */
    public static List<String> trees(ClassLoader loader) {
        SortedSet<String> found = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Iterator<ServiceLoader.Provider<TreeWalker>> it = providers(loader); hasNext(it, problems); ) {
            try {
                ServiceLoader.Provider<TreeWalker> provider = it.next();
                GeneratedWalker stamp = provider.type().getAnnotation(GeneratedWalker.class);
                if (stamp != null) {
                    found.add(stamp.tree());
                } else {
                    TreeWalker walker = instantiate(provider, problems);
                    if (walker != null) {
                        found.add(walker.info().name());
                    }
                }
            } catch (ServiceConfigurationError e) {
                problems.add(e.getMessage());
            }
        }
        return List.copyOf(found);
    }

    private static ClassLoader defaultLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Walkers.class.getClassLoader();
    }

    private static Iterator<ServiceLoader.Provider<TreeWalker>> providers(ClassLoader loader) {
        return ServiceLoader.load(TreeWalker.class, loader).stream().iterator();
    }

    /**
     * Advances past entries that cannot be loaded (a class named in a services file but
     * missing, or not a {@link TreeWalker}), noting each: one broken jar must not hide the
     * walkers of the others.
     */
    private static boolean hasNext(Iterator<?> it, List<String> problems) {
        while (problems.size() < MAX_PROBLEMS) {
            try {
                return it.hasNext();
            } catch (ServiceConfigurationError e) {
                problems.add(e.getMessage());
            }
        }
        return false;
    }

    private static TreeWalker instantiate(ServiceLoader.Provider<TreeWalker> provider, List<String> problems) {
        try {
            return provider.get();
        } catch (ServiceConfigurationError e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static TreeWalker checked(Class<? extends TreeWalker> type, String tree,
            ServiceLoader.Provider<TreeWalker> provider) {
        TreeWalker walker;
        try {
            walker = provider.get();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("walker class " + type.getName() + " for tree '" + tree
                    + "' cannot be instantiated: " + e.getMessage(), e);
        }
        String name = walker.info().name();
        if (!name.equals(tree)) {
            throw new IllegalStateException("walker class " + type.getName() + " is stamped for tree '" + tree
                    + "' but its info() names tree '" + name + "'");
        }
        return walker;
    }

    private static String abiMismatch(Class<?> type, GeneratedWalker stamp) {
        String source = stamp.source().isEmpty() ? "" : " from " + stamp.source();
        String compiler = stamp.compiler().isEmpty() ? "" : " by ptdesc " + stamp.compiler();
        return "walker class " + type.getName() + " for tree '" + stamp.tree() + "' was generated" + source
                + compiler + " for runtime ABI " + stamp.abi() + ", but this ptdesc runtime has ABI "
                + ABI_VERSION + " and runs walkers of ABI " + OLDEST_ABI_VERSION + " to " + ABI_VERSION
                + "; recompile the descriptor with a ptdesc whose runtime matches";
    }

    private static String notFound(String tree, SortedSet<String> found, List<String> problems) {
        StringBuilder message = new StringBuilder("no walker for tree '").append(tree).append("' on the class path; ");
        if (found.isEmpty()) {
            message.append("found none (walkers are listed in META-INF/services/")
                    .append(TreeWalker.class.getName()).append(')');
        } else {
            message.append("found: ").append(String.join(", ", found));
        }
        if (!problems.isEmpty()) {
            message.append("; entries that could not be loaded: ").append(String.join("; ", problems));
        }
        return message.toString();
    }
}
