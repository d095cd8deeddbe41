package org.ptdesc.compiler.codegen;

import java.io.IOException;
import java.util.List;
import org.ptdesc.compiler.encode.MapperIr;

/** The shipped mappers and the random trees, for tests in other packages. */
public final class MapperBytecodeTestAccess {
    private MapperBytecodeTestAccess() {}

    public static List<MapperIr> shipped() throws IOException {
        return MapperBytecodeTest.shipped();
    }

    /** The random trees the walker differential tests use. */
    public static List<org.ptdesc.compiler.ir.WalkerIr> randomTrees(int count, long seed) {
        return RandomIrs.sample(count, seed);
    }
}
