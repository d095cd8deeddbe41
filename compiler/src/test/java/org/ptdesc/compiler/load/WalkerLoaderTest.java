package org.ptdesc.compiler.load;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.codegen.IrFixtures;
import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.Walkers;

/**
 * The loader defines each walker in its own class loader (an ordinary, unloadable class),
 * reuses a walker for the same content while it is alive, and does not keep it alive.
 */
class WalkerLoaderTest {

    @Test
    void sameContentGivesTheSameWalker() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        TreeWalker a = loader.load(IrFixtures.x86_64());
        TreeWalker b = loader.load(IrFixtures.x86_64());
        assertSame(a, b);
        TreeWalker c = loader.load(IrFixtures.linus());
        assertNotSame(a, c);
        assertEquals("org.ptdesc.generated.X86_64Walker", a.getClass().getName());
        assertEquals("org.ptdesc.generated.Linus_X86_64Walker", c.getClass().getName());
        assertNotSame(a.getClass().getClassLoader(), c.getClass().getClassLoader());
        assertFalse(a.getClass().isHidden());
        assertEquals(2, loader.cachedWalkers());
    }

    @Test
    void classIsStampedForWalkersFind() {
        TreeWalker walker = new WalkerLoader(TreeWalker.class.getClassLoader()).load(IrFixtures.x86_64());
        GeneratedWalker stamp = walker.getClass().getAnnotation(GeneratedWalker.class);
        assertNotNull(stamp);
        assertEquals(Walkers.ABI_VERSION, stamp.abi());
        assertEquals("x86_64", stamp.tree());
        assertEquals("x86_64.ptdesc", stamp.source());
        assertEquals("x86_64", walker.info().name());
    }

    @Test
    void differentNamesForTheSameTreeAreDifferentClasses() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        TreeWalker a = loader.load(IrFixtures.x86_64(), "p.A");
        TreeWalker b = loader.load(IrFixtures.x86_64(), "p.B");
        assertNotSame(a.getClass(), b.getClass());
    }

    @Test
    void rejectsBytesThatAreNotAWalker() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        assertThrows(IllegalArgumentException.class, () -> loader.define("p.Broken", new byte[] {1, 2, 3}));
    }

    @Test
    void unreachableWalkerClassesAreUnloaded() throws InterruptedException {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        WeakReference<Class<?>> type = new WeakReference<>(loader.load(IrFixtures.linus()).getClass());
        for (int i = 0; i < 100 && (type.get() != null || loader.cachedWalkers() > 0); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(type.get(), "the walker class is still loaded");
        assertEquals(0, loader.cachedWalkers());
    }
}
