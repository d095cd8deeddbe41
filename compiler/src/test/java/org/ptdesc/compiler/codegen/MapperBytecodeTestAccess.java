package org.ptdesc.compiler.codegen;

import java.io.IOException;
import java.util.List;
import org.ptdesc.compiler.encode.MapperIr;

/** The shipped mappers, for tests in other packages. */
public final class MapperBytecodeTestAccess {
    private MapperBytecodeTestAccess() {}

    public static List<MapperIr> shipped() throws IOException {
        return MapperBytecodeTest.shipped();
    }
}
