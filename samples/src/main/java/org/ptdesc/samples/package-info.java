/**
 * The seed's test program ({@code LinusWalkDemo}): a small fake tree walked with every event
 * printed. The descriptor library itself is in {@code samples/descriptors}, its proofs in this
 * module's tests.
 */
package org.ptdesc.samples;
