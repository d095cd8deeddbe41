/**
 * Encoding: the stage after lowering that turns a tree's decoding rules into encodings, the
 * inverse direction a mapper needs. {@link org.ptdesc.compiler.encode.EncodingDerivation} reads
 * a {@link org.ptdesc.compiler.ir.WalkerIr} and, for each level, derives how to write a table
 * entry, a leaf entry and an invalid entry (address bits from the address expression, attribute
 * bits from the {@code with} values, selector bits by search over the rule conditions, and the
 * {@code sets} bits the description states), then proves by {@link
 * org.ptdesc.compiler.encode.RoundTrip} that every encoded entry decodes back to what was
 * encoded. The result, {@link org.ptdesc.compiler.encode.MapperIr}, is what the mapper
 * interpreter and the mapper generator both read.
 */
package org.ptdesc.compiler.encode;
