/**
 * Writing ahead-of-time walkers into a class directory, for every tool that does it (the command
 * line's {@code ptdesc compile} and the Maven plugin): files replaced atomically
 * ({@link org.ptdesc.compiler.output.OutputFile}) and the {@code META-INF/services} registration
 * through which {@code Walkers.find} finds them ({@link org.ptdesc.compiler.output.ServiceFile}).
 */
package org.ptdesc.compiler.output;
