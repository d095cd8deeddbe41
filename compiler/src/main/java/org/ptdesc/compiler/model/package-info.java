/**
 * The checked model: records only ({@link org.ptdesc.compiler.model.Model},
 * {@link org.ptdesc.compiler.model.Term}, {@link org.ptdesc.compiler.model.Type}), built by the
 * {@code check} stage and read by the lowering. Holds no logic beyond what the records need.
 */
package org.ptdesc.compiler.model;
