package org.ptdesc.compiler.encode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.ptdesc.compiler.interp.MapperInterpreter;
import org.ptdesc.compiler.load.MapperLoader;
import org.ptdesc.runtime.TreeMapper;

/** The mapper engines every mapper test runs on. */
final class MapperEngines {

    private MapperEngines() {}

    static Map<String, Function<MapperIr, TreeMapper>> all() {
        Map<String, Function<MapperIr, TreeMapper>> engines = new LinkedHashMap<>();
        engines.put("interpreter", MapperInterpreter::new);
        engines.put("generated", MapperLoader::load);
        return engines;
    }
}
