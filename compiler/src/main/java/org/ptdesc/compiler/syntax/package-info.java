/**
 * The syntax stage: one source file's text to a {@link org.ptdesc.compiler.syntax.SyntaxTree}
 * of records, through the ANTLR parser. Entry point:
 * {@link org.ptdesc.compiler.syntax.DescriptorParser#parse}. ANTLR types stop here.
 */
package org.ptdesc.compiler.syntax;
