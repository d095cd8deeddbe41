package org.ptdesc.samples;

import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;

/**
 * What tests of the shipped library read from a walker's tree description: an attribute by
 * name. The walkers themselves come from {@link Engine}, once per engine.
 */
public final class ShippedTree {

    private ShippedTree() {}

    /** The reference interpreter of the main tree of {@code descriptors/NAME.ptdesc}. */
    public static TreeWalker interpreter(String name) {
        return Engine.INTERPRETER.walker(name);
    }

    /** The attribute {@code name} of a walker's tree. */
    public static TreeInfo.AttributeInfo attribute(TreeWalker walker, String name) {
        return walker.info().attributes().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no attribute " + name + " in " + walker.info().name()));
    }
}
