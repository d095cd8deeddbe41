package org.ptdesc.compiler.load;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.ptdesc.compiler.codegen.WalkerGenerator;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;

/**
 * Turns generated class bytes into a running walker. Each class gets its own small class
 * loader and an ordinary (not hidden) definition: the class can be unloaded once its walker is
 * unreachable, and its frames show in stack traces with the descriptor's file and lines
 * (hidden classes hide their frames on JDK 25). Walkers are cached by content (class name and
 * a SHA-256 of the bytes), weakly, so compiling the same tree twice gives the same instance
 * while someone holds it, and the cache never keeps a walker alive.
 */
public final class WalkerLoader {

    private static final WalkerLoader SHARED = new WalkerLoader(TreeWalker.class.getClassLoader());

    private final ClassLoader parent;
    private final Map<Key, Entry> cache = new HashMap<>();
    private final ReferenceQueue<TreeWalker> cleared = new ReferenceQueue<>();

    /** A loader whose walker classes see {@code parent} (which must see the runtime library). */
    public WalkerLoader(ClassLoader parent) {
        this.parent = parent;
    }

    /** The loader shared by the whole JVM, parented by the runtime library's loader. */
    public static WalkerLoader shared() {
        return SHARED;
    }

    /** Generates and loads the walker for {@code ir}, named {@link WalkerGenerator#defaultClassName}. */
    public TreeWalker load(WalkerIr ir) {
        return load(ir, WalkerGenerator.defaultClassName(ir));
    }

    /** Generates and loads the walker for {@code ir} as class {@code className}. */
    public TreeWalker load(WalkerIr ir, String className) {
        return define(className, WalkerGenerator.generate(ir, className));
    }

    /**
     * Defines (or finds in the cache) the walker class {@code className} from {@code bytes}
     * and returns a new instance of it.
     *
     * @throws IllegalArgumentException when the bytes are not a loadable walker class
     */
    public synchronized TreeWalker define(String className, byte[] bytes) {
        expungeCleared();
        Key key = new Key(className, sha256(bytes));
        Entry cached = cache.get(key);
        TreeWalker walker = cached == null ? null : cached.get();
        if (walker != null) {
            return walker;
        }
        walker = instantiate(new WalkerClassLoader(parent).define(className, bytes));
        cache.put(key, new Entry(key, walker, cleared));
        return walker;
    }

    /** Number of walkers the cache still holds (for tests and diagnostics). */
    public synchronized int cachedWalkers() {
        expungeCleared();
        return cache.size();
    }

    private static TreeWalker instantiate(Class<?> type) {
        try {
            return (TreeWalker) type.getConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException
                | ClassCastException e) {
            throw new IllegalArgumentException("cannot instantiate generated walker " + type.getName(), e);
        }
    }

    private void expungeCleared() {
        for (var ref = cleared.poll(); ref != null; ref = cleared.poll()) {
            Entry e = (Entry) ref;
            cache.remove(e.key, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Key(String className, String sha256) {}

    private static final class Entry extends WeakReference<TreeWalker> {
        final Key key;

        Entry(Key key, TreeWalker walker, ReferenceQueue<TreeWalker> queue) {
            super(walker, queue);
            this.key = key;
        }
    }

    /** One loader per generated class, so that each class can be unloaded on its own. */
    private static final class WalkerClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        WalkerClassLoader(ClassLoader parent) {
            super("ptdesc-walker", parent);
        }

        Class<?> define(String name, byte[] bytes) {
            try {
                return defineClass(name, bytes, 0, bytes.length);
            } catch (LinkageError e) {
                throw new IllegalArgumentException("cannot define generated walker " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
