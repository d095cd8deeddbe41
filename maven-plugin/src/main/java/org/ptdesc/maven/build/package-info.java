/**
 * One plugin build: which descriptors to compile (source selection, staleness), the parameters
 * each gets, the compiler adapter that compiles the bytes it digests, the class files and the
 * service registration written into the output directory, and the report of diagnostics.
 */
package org.ptdesc.maven.build;
