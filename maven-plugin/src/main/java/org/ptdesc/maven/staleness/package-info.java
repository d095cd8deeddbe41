/**
 * What the last build compiled, so the next one compiles only what changed: the per-execution
 * state file (digests of every input, configuration, plugin version, classes owned), written
 * atomically, and read as damaged, never as empty, when it cannot be trusted.
 */
package org.ptdesc.maven.staleness;
