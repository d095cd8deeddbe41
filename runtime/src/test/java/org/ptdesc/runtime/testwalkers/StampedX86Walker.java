package org.ptdesc.runtime.testwalkers;

import java.util.concurrent.atomic.AtomicInteger;
import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.Walkers;

/** As the compiler would generate it, for the current ABI; counts its instances. */
@GeneratedWalker(abi = Walkers.ABI_VERSION, tree = "x86_64", source = "x86_64.ptdesc", compiler = "0.1.0")
public final class StampedX86Walker extends FakeWalker {
    public static final AtomicInteger CREATED = new AtomicInteger();

    public StampedX86Walker() {
        super("x86_64");
        CREATED.incrementAndGet();
    }
}
