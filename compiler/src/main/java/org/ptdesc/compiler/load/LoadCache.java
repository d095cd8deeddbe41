package org.ptdesc.compiler.load;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.SourceReader;
import org.ptdesc.runtime.TreeWalker;

/**
 * Remembers what was compiled at run time, keyed on the file and the parameters, so that a file
 * is compiled once and recompiled only when it or an include changes. The compiler reads every
 * input through this cache, which stamps the very bytes it hands over ({@link InputStamp}): an
 * edit made while a compile runs is seen as a change by the next call, never recorded as built.
 * A hit only looks at file metadata, and hashes a file only when its metadata moved. Each key
 * has its own lock, so compiles of different files do not wait for each other. Walkers are held
 * weakly: one nobody uses can be unloaded, and is compiled again when asked for.
 */
public final class LoadCache {

    private record Key(Path file, Map<String, Long> parameters) {}

    /** What one compilation gave; the walkers are held weakly, so that they can be unloaded. */
    private record Entry(List<InputStamp> inputs, Map<String, WeakReference<TreeWalker>> walkers,
            List<String> trees) {}

    /** The cache line of one key; its monitor serialises the loads of that key only. */
    private static final class Slot {
        private Entry entry;
    }

    private final TreeCompiler compiler;
    private final WalkerLoader loader;
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

    /** A cache that compiles with {@code compiler} and defines classes with {@code loader}. */
    public LoadCache(TreeCompiler compiler, WalkerLoader loader) {
        this.compiler = compiler;
        this.loader = loader;
    }

    /**
     * The walker for {@code tree} of {@code file}, compiled with {@code parameters} unless an
     * unchanged compilation is cached.
     *
     * @throws IllegalArgumentException with every diagnostic when the file has errors
     * @throws NoSuchElementException when the file has no tree of that name
     */
    public TreeWalker load(Path file, String tree, Map<String, Long> parameters) {
        Key key = new Key(file.toAbsolutePath().normalize(), Map.copyOf(parameters));
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        synchronized (slot) {
            Entry e = slot.entry == null ? null : current(slot.entry);
            TreeWalker w = e == null ? null : walker(e, tree);
            if (e == null || (w == null && e.trees().contains(tree))) {
                Map<String, TreeWalker> loaded = new HashMap<>(); // strong until returned
                e = compile(file, parameters, loaded);
                w = loaded.get(tree);
            }
            slot.entry = e;
            if (w == null) {
                throw new NoSuchElementException(file + " has no tree '" + tree + "'; it has: "
                        + String.join(", ", e.trees()));
            }
            return w;
        }
    }

    /** {@code e} with its stamps refreshed when every input is unchanged; null when one changed. */
    private static Entry current(Entry e) {
        List<InputStamp> inputs = new ArrayList<>(e.inputs().size());
        for (InputStamp s : e.inputs()) {
            InputStamp now = s.recheck();
            if (now == null) {
                return null;
            }
            inputs.add(now);
        }
        return new Entry(inputs, e.walkers(), e.trees());
    }

    private static TreeWalker walker(Entry e, String tree) {
        WeakReference<TreeWalker> ref = e.walkers().get(tree);
        return ref == null ? null : ref.get();
    }

    private Entry compile(Path file, Map<String, Long> parameters, Map<String, TreeWalker> loaded) {
        List<InputStamp> inputs = Collections.synchronizedList(new ArrayList<>());
        SourceReader stamping = path -> {
            InputStamp.Read read = InputStamp.read(path);
            inputs.add(read.stamp());
            return read.bytes();
        };
        List<WalkerIr> irs = compiler.compile(file, parameters, stamping);
        Map<String, WeakReference<TreeWalker>> walkers = new HashMap<>();
        for (WalkerIr ir : irs) {
            TreeWalker w = loader.load(ir);
            loaded.put(ir.name(), w);
            walkers.put(ir.name(), new WeakReference<>(w));
        }
        return new Entry(List.copyOf(inputs), walkers, irs.stream().map(WalkerIr::name).toList());
    }
}
