package org.ptdesc.compiler.load;

import java.lang.reflect.InvocationTargetException;
import org.ptdesc.compiler.codegen.MapperGenerator;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.runtime.TreeMapper;

/**
 * Defines generated mapper classes, each in a class loader of its own (so it can be unloaded
 * once unreachable, and its frames show in stack traces), and returns an instance.
 */
public final class MapperLoader {

    private MapperLoader() {}

    /** A generated mapper for {@code m}. */
    public static TreeMapper load(MapperIr m) {
        String name = MapperGenerator.defaultClassName(m.tree());
        return define(name, MapperGenerator.generate(m, name));
    }

    /** Defines {@code bytes} as class {@code className} and instantiates it. */
    public static TreeMapper define(String className, byte[] bytes) {
        try {
            Class<?> type = new MapperClassLoader(MapperLoader.class.getClassLoader()).define(className, bytes);
            return (TreeMapper) type.getConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException
                | ClassCastException | LinkageError e) {
            throw new IllegalArgumentException("cannot define generated mapper " + className + ": " + e, e);
        }
    }

    /** One loader per generated class. */
    private static final class MapperClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        MapperClassLoader(ClassLoader parent) {
            super("ptdesc-mapper", parent);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
