package org.ptdesc.runtime.testwalkers;

/** A walker without the stamp, as a user could write by hand: matched by its info(). */
public final class HandWrittenArmWalker extends FakeWalker {
    public HandWrittenArmWalker() {
        super("aarch64_4k");
    }
}
