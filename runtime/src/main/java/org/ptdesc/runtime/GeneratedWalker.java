package org.ptdesc.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stamp the ptdesc compiler puts on every walker class it generates: the runtime ABI the
 * class was generated against, the tree it walks and the descriptor it came from.
 * {@link Walkers#find} reads it from the class without instantiating it, to find a tree by
 * name and to refuse a class generated for another {@link Walkers#ABI_VERSION} with a message
 * instead of a {@link LinkageError} in the middle of a walk. Hand-written walkers may omit it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GeneratedWalker {

    /** The {@link Walkers#ABI_VERSION} of the runtime the class was generated for. */
    int abi();

    /** The tree's name, as {@link TreeInfo#name()} returns it. */
    String tree();

    /** The descriptor file the tree was compiled from (as the compiler was given it), or empty. */
    String source() default "";

    /** The version of the ptdesc compiler that generated the class, or empty; for messages only. */
    String compiler() default "";
}
