/**
 * Class bytes to running walkers: {@link org.ptdesc.compiler.load.WalkerLoader} defines each
 * generated class in its own unloadable class loader, and
 * {@link org.ptdesc.compiler.load.LoadCache} remembers what was compiled at run time and
 * recompiles only when an input file changed.
 */
package org.ptdesc.compiler.load;
